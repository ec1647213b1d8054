package dev.cloudnative.docker;

import dev.cloudnative.docker.internal.Validate;
import java.util.Locale;

/**
 * Publishes a container port on the host. {@code hostPort == 0} asks the engine for a random free
 * port; look it up afterwards with {@link ContainerInfo#mappedPort(int)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param containerPort port inside the container, 1..65535
 * @param protocol {@code tcp} or {@code udp}
 * @param hostPort host port, 0 for random
 * @param hostIp host address to bind, empty for all interfaces
 */
public record PortBinding(int containerPort, String protocol, int hostPort, String hostIp) {
  public PortBinding {
    Validate.port("container port", containerPort, false);
    Validate.port("host port", hostPort, true);
    protocol = protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new InvalidSpecException("protocol", protocol, "must be tcp or udp");
    }
    hostIp = hostIp == null ? "" : hostIp;
    if (!hostIp.isEmpty() && !hostIp.matches("[0-9a-fA-F.:]+")) {
      throw new InvalidSpecException("host ip", hostIp, "must be an IPv4 or IPv6 literal");
    }
  }

  /** TCP port published on a random host port. */
  public static PortBinding random(int containerPort) {
    return new PortBinding(containerPort, "tcp", 0, "");
  }

  /** TCP port published on a fixed host port. */
  public static PortBinding fixed(int containerPort, int hostPort) {
    return new PortBinding(containerPort, "tcp", Validate.port("host port", hostPort, false), "");
  }
}
