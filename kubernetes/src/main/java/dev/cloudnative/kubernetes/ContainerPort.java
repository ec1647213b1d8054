package dev.cloudnative.kubernetes;

/**
 * A port the container listens on, optionally named so services can target it by name.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param name an IANA_SVC_NAME-like port name, or empty
 * @param port the container port, 1-65535
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
 */
public record ContainerPort(String name, int port, String protocol) {}
