package dev.cloudnative.docker;

import java.util.Locale;

/**
 * Lifecycle state of a container, as both engines report it.
 *
 * <p>Immutable and thread-safe.
 */
public enum ContainerState {
  CREATED,
  RUNNING,
  PAUSED,
  RESTARTING,
  EXITED,
  REMOVING,
  DEAD;

  /**
   * Parses the engine's status word; Podman's {@code configured}/{@code stopped} map to
   * CREATED/EXITED.
   */
  public static ContainerState parse(String status) {
    if (status == null) {
      return DEAD;
    }
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "created", "configured", "initialized" -> CREATED;
      case "running" -> RUNNING;
      case "paused" -> PAUSED;
      case "restarting" -> RESTARTING;
      case "exited", "stopped", "stopping" -> EXITED;
      case "removing" -> REMOVING;
      default -> DEAD;
    };
  }
}
