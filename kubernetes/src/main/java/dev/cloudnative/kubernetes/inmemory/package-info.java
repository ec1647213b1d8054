/**
 * A {@link dev.cloudnative.kubernetes.Cluster} simulating the controllers in memory, for tests and
 * examples.
 */
package dev.cloudnative.kubernetes.inmemory;
