/**
 * The local pod runtime: plugs a {@code ContainerEngine} (Docker, Podman or the in-memory engine)
 * into the in-memory cluster, so that embedded deployments run real local workloads that answer on
 * loopback.
 */
package dev.cloudnative.core.runtime;
