package dev.cloudnative.docker;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A container as the engine reports it on inspect or list.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id full container id
 * @param name name without the leading slash
 * @param image image reference the container was created from
 * @param state lifecycle state
 * @param exitCode exit code once the container has exited
 * @param health health status ({@code starting}, {@code healthy}, {@code unhealthy}); empty when
 *     the image has no health check (an empty or {@code none} status from the engine)
 * @param healthCheck the image's HEALTHCHECK test ({@code ["CMD", ...]} or {@code ["CMD-SHELL",
 *     "..."]}), empty if none
 * @param ports published ports (empty before start and after stop on some engines)
 * @param ipAddress container address on its first network, empty if none
 * @param labels all labels, including the session labels
 */
public record ContainerInfo(
    String id,
    String name,
    String image,
    ContainerState state,
    OptionalInt exitCode,
    Optional<String> health,
    List<String> healthCheck,
    List<PortMapping> ports,
    String ipAddress,
    Map<String, String> labels) {

  public ContainerInfo {
    ports = List.copyOf(ports);
    labels = Map.copyOf(labels);
    healthCheck = List.copyOf(healthCheck);
  }

  public boolean isRunning() {
    return state == ContainerState.RUNNING;
  }

  /**
   * The host port a TCP container port is published on.
   *
   * @throws DockerException if the port is not published (or the container is not running)
   */
  public int mappedPort(int containerPort) {
    return ports.stream()
        .filter(
            p ->
                p.containerPort() == containerPort
                    && p.protocol().equals("tcp")
                    && p.hostPort() > 0)
        .mapToInt(PortMapping::hostPort)
        .findFirst()
        .orElseThrow(
            () ->
                new DockerException(
                    "container port "
                        + containerPort
                        + "/tcp is not published; "
                        + "published: "
                        + ports,
                    "",
                    id));
  }
}
