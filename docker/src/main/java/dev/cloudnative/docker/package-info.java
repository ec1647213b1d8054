/**
 * Containers and images for the CloudNative SDK.
 *
 * <p>{@link dev.cloudnative.docker.ContainerEngine} is the one interface; {@code
 * engine.DockerEngine} speaks to Docker Engine or Podman's compat API through docker-java, and
 * {@code inmemory.InMemoryContainerEngine} models the same state machine in-process for unit tests.
 * Every value crosses the boundary as an argument list or a structured field, never as a shell
 * string.
 */
package dev.cloudnative.docker;
