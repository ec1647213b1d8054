package dev.cloudnative.kubernetes;

import java.time.Duration;
import java.util.Objects;

/**
 * Which part of a pod's log to read: the last {@code tailLines} lines (-1 for all), only lines
 * newer than {@code since} ({@link Duration#ZERO} for no limit), of one {@code container} (empty
 * for the only one).
 *
 * <p>Immutable and therefore thread-safe.
 */
public record LogOptions(int tailLines, Duration since, String container) {

  public LogOptions {
    if (tailLines < -1) {
      throw KubernetesInvalidException.rejected(
          "Pod", "", "", "tailLines", "must be -1 (all) or 0 or more, found " + tailLines);
    }
    since = Objects.requireNonNullElse(since, Duration.ZERO);
    if (since.isNegative()) {
      throw KubernetesInvalidException.rejected(
          "Pod", "", "", "sinceSeconds", "must not be negative, found " + since);
    }
    container = Objects.requireNonNullElse(container, "");
  }

  /** The whole log of the pod's only container. */
  public static LogOptions all() {
    return new LogOptions(-1, Duration.ZERO, "");
  }

  public static LogOptions tail(int lines) {
    return new LogOptions(lines, Duration.ZERO, "");
  }

  public LogOptions since(Duration window) {
    return new LogOptions(tailLines, window, container);
  }

  public LogOptions ofContainer(String name) {
    return new LogOptions(tailLines, since, name);
  }
}
