package dev.cloudnative.kubernetes;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which part of a pod's log to read: the last {@code tail} lines (all when empty), only lines
 * written at or after {@code since} (no limit when empty), of one {@code container} (the pod's only
 * container when empty). Built from {@link #all()}: {@code LogOptions.all().tail(5).since(t)}, the
 * same words as the docker module's {@code LogOptions}. A window relative to now is {@code
 * since(cluster clock minus the window)}: the in-memory cluster's clock is simulated, so only the
 * caller knows which "now" it means.
 *
 * <p>Immutable and therefore thread-safe.
 */
public record LogOptions(OptionalInt tail, Optional<Instant> since, Optional<String> container) {

  public LogOptions {
    Objects.requireNonNull(tail, "tail");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(container, "container");
    if (tail.isPresent() && tail.getAsInt() < 0) {
      throw KubernetesInvalidException.rejected(
          "Pod", "", "", "tailLines", "must be 0 or more, found " + tail.getAsInt());
    }
    if (container.isPresent() && container.get().isBlank()) {
      throw KubernetesInvalidException.rejected(
          "Pod",
          "",
          "",
          "container",
          "must name a container, found \""
              + container.get()
              + "\" (leave it out for the pod's only container)");
    }
  }

  /** The whole log of the pod's only container. */
  public static LogOptions all() {
    return new LogOptions(OptionalInt.empty(), Optional.empty(), Optional.empty());
  }

  /** Only the last {@code lines} lines (0 or more). */
  public LogOptions tail(int lines) {
    return new LogOptions(OptionalInt.of(lines), since, container);
  }

  /**
   * Only lines written at or after {@code instant} (the API server's {@code sinceTime}, which it
   * resolves to whole seconds).
   */
  public LogOptions since(Instant instant) {
    return new LogOptions(tail, Optional.of(Objects.requireNonNull(instant, "instant")), container);
  }

  /** The log of container {@code name} of a pod with several. */
  public LogOptions container(String name) {
    return new LogOptions(tail, since, Optional.of(Objects.requireNonNull(name, "name")));
  }
}
