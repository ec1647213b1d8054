package dev.cloudnative.docker;

/**
 * A published port as the engine reports it after start. Podman reports an empty {@code hostIp}
 * where Docker says {@code 0.0.0.0}; both mean "all interfaces".
 *
 * <p>Immutable and thread-safe.
 */
public record PortMapping(int containerPort, String protocol, String hostIp, int hostPort) {}
