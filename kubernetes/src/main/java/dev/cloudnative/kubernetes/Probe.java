package dev.cloudnative.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A liveness or readiness check: an HTTP GET, a TCP connect or a command run in the container.
 * Create with {@link #http}, {@link #tcp} or {@link #exec}; tune with the {@code with...} methods,
 * which return copies.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param type the kind of check
 * @param path the HTTP path ({@link Type#HTTP}), otherwise empty
 * @param port the port checked ({@link Type#HTTP}, {@link Type#TCP}), otherwise 0
 * @param command the argument list run ({@link Type#EXEC}); never interpreted by a shell
 * @param initialDelay time after container start before the first check
 * @param period time between checks
 * @param failureThreshold consecutive failures before the check is considered failed
 */
public record Probe(
    Type type,
    String path,
    int port,
    List<String> command,
    Duration initialDelay,
    Duration period,
    int failureThreshold) {

  /** The kind of check. Immutable enum, thread-safe. */
  public enum Type {
    HTTP,
    TCP,
    EXEC
  }

  public Probe {
    Objects.requireNonNull(type, "type");
    path = Objects.requireNonNullElse(path, "");
    command = List.copyOf(Objects.requireNonNullElse(command, List.of()));
    initialDelay = Objects.requireNonNullElse(initialDelay, Duration.ZERO);
    period = Objects.requireNonNullElse(period, Duration.ofSeconds(10));
    if (type != Type.EXEC && (port < 1 || port > 65535)) {
      throw KubernetesInvalidException.rejected(
          "Probe",
          "",
          "",
          type.name().toLowerCase() + ".port",
          "port must be between 1 and 65535, found " + port);
    }
    if (type == Type.EXEC && command.isEmpty()) {
      throw KubernetesInvalidException.rejected(
          "Probe", "", "", "exec.command", "an exec probe needs at least one argument, found none");
    }
    if (type == Type.HTTP && !path.startsWith("/")) {
      throw KubernetesInvalidException.rejected(
          "Probe",
          "",
          "",
          "httpGet.path",
          "'" + path + "' must be an absolute path starting with '/'");
    }
    if (initialDelay.isNegative()
        || period.isNegative()
        || period.isZero()
        || failureThreshold < 1) {
      throw KubernetesInvalidException.rejected(
          "Probe",
          "",
          "",
          "timing",
          "initialDelay must be >= 0 (found "
              + initialDelay
              + "), period > 0 (found "
              + period
              + "), failureThreshold >= 1 (found "
              + failureThreshold
              + ")");
    }
  }

  /** HTTP GET of {@code path} on {@code port}; success is a 2xx or 3xx answer. */
  public static Probe http(String path, int port) {
    return new Probe(Type.HTTP, path, port, List.of(), Duration.ZERO, Duration.ofSeconds(10), 3);
  }

  /** A TCP connect to {@code port}. */
  public static Probe tcp(int port) {
    return new Probe(Type.TCP, "", port, List.of(), Duration.ZERO, Duration.ofSeconds(10), 3);
  }

  /** Runs the argument list in the container; success is exit status 0. */
  public static Probe exec(String... command) {
    return new Probe(Type.EXEC, "", 0, List.of(command), Duration.ZERO, Duration.ofSeconds(10), 3);
  }

  public Probe withInitialDelay(Duration delay) {
    return new Probe(type, path, port, command, delay, period, failureThreshold);
  }

  public Probe withPeriod(Duration newPeriod) {
    return new Probe(type, path, port, command, initialDelay, newPeriod, failureThreshold);
  }

  public Probe withFailureThreshold(int threshold) {
    return new Probe(type, path, port, command, initialDelay, period, threshold);
  }
}
