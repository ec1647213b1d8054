package dev.cloudnative.docker.wait;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerInfo;
import dev.cloudnative.docker.ContainerNotReadyException;
import dev.cloudnative.docker.ContainerState;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.docker.Logs;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The loop every strategy shares: check the container is still alive, try the readiness probe, back
 * off, and give up at the deadline with the last reason and the log tail.
 *
 * <p>Stateless and thread-safe.
 */
final class Polling {
  private static final Duration MIN_PAUSE = Duration.ofMillis(50);
  private static final Duration MAX_PAUSE = Duration.ofMillis(500);

  private Polling() {}

  /**
   * @param probe returns empty when ready, otherwise why not yet
   */
  static void until(
      ContainerEngine engine,
      String container,
      Instant deadline,
      String what,
      Supplier<Optional<String>> probe) {
    Duration pause = MIN_PAUSE;
    String reason = "not attempted";
    while (true) {
      // Probe first: a container that printed its ready line and exited is still "ready" for a log
      // wait.
      Optional<String> notReady;
      try {
        notReady = probe.get();
      } catch (ContainerNotReadyException e) {
        throw e;
      } catch (DockerException e) {
        notReady = Optional.of(e.getMessage());
      }
      if (notReady.isEmpty()) {
        return;
      }
      reason = notReady.get();
      failIfGone(engine, engine.inspect(container), what + " (last result: " + reason + ")");
      if (!Instant.now().plus(pause).isBefore(deadline)) {
        throw notReady(
            engine,
            container,
            what + " not ready before the startup timeout; last result: " + reason,
            null);
      }
      sleep(pause);
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }

  static void failIfGone(ContainerEngine engine, ContainerInfo info, String what) {
    if (info.state() == ContainerState.EXITED || info.state() == ContainerState.DEAD) {
      throw notReady(
          engine,
          info.id(),
          what
              + ": container exited with code "
              + (info.exitCode().isPresent() ? info.exitCode().getAsInt() : -1)
              + " before it was ready",
          null);
    }
  }

  static ContainerNotReadyException notReady(
      ContainerEngine engine, String container, String message, Throwable cause) {
    String tail;
    try {
      Logs logs = engine.logs(container, LogOptions.all().tail(20));
      tail =
          logs.lines().stream()
              .map(l -> l.stream() + ": " + l.text())
              .collect(Collectors.joining("\n"));
    } catch (DockerException e) {
      tail = "<logs unavailable: " + e.getMessage() + ">";
    }
    return new ContainerNotReadyException(
        message + (tail.isEmpty() ? "" : "\n--- log tail ---\n" + tail), "", container, cause);
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DockerException("interrupted while waiting for readiness", "", "", e);
    }
  }

  static Duration requirePositive(Duration timeout) {
    java.util.Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new dev.cloudnative.docker.InvalidSpecException(
          "startup timeout", timeout.toString(), "must be positive");
    }
    return timeout;
  }
}
