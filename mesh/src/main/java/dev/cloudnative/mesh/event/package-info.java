/** Events the mesh publishes: circuit-breaker state transitions and outlier ejections/returns. */
package dev.cloudnative.mesh.event;
