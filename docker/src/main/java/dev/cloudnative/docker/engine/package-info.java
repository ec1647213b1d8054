/**
 * {@link dev.cloudnative.docker.ContainerEngine} over docker-java: Docker Engine and Podman's
 * compat API.
 */
package dev.cloudnative.docker.engine;
