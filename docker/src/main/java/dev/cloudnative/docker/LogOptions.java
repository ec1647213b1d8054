package dev.cloudnative.docker;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which log lines to fetch: tail, since, and which streams.
 *
 * <p>Immutable and thread-safe.
 */
public record LogOptions(
    OptionalInt tail, Optional<Instant> since, boolean stdout, boolean stderr) {
  public LogOptions {
    if (tail.isPresent() && tail.getAsInt() < 0) {
      throw new InvalidSpecException("tail", Integer.toString(tail.getAsInt()), "must be >= 0");
    }
    if (!stdout && !stderr) {
      throw new InvalidSpecException("log streams", "none", "select stdout, stderr or both");
    }
  }

  /** Everything, both streams. */
  public static LogOptions all() {
    return new LogOptions(OptionalInt.empty(), Optional.empty(), true, true);
  }

  public LogOptions tail(int lines) {
    return new LogOptions(OptionalInt.of(lines), since, stdout, stderr);
  }

  /** Lines written at or after this instant (the engines resolve to whole seconds). */
  public LogOptions since(Instant instant) {
    return new LogOptions(tail, Optional.of(instant), stdout, stderr);
  }

  public LogOptions stdoutOnly() {
    return new LogOptions(tail, since, true, false);
  }

  public LogOptions stderrOnly() {
    return new LogOptions(tail, since, false, true);
  }
}
