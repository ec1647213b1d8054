/** The lock-free, allocation-free circuit breaker and its sliding windows. */
package dev.cloudnative.mesh.circuitbreaker;
