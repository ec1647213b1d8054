/**
 * Load balancers over an immutable array of weighted endpoints. A balancer is built once per
 * membership or availability change and then picks lock-free and without allocation.
 */
package dev.cloudnative.mesh.balancer;
