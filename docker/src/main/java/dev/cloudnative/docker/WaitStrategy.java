package dev.cloudnative.docker;

import dev.cloudnative.docker.wait.AllOfWait;
import dev.cloudnative.docker.wait.HealthWait;
import dev.cloudnative.docker.wait.HttpWaitStrategy;
import dev.cloudnative.docker.wait.LogMessageWait;
import dev.cloudnative.docker.wait.PortWait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides when a started container is ready. Strategies only use the public {@link ContainerEngine}
 * API (inspect, logs, exec) plus connections from this JVM to published ports, so they work on
 * every engine. All of them fail fast with {@link ContainerNotReadyException} (including the log
 * tail) if the container exits while waiting.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface WaitStrategy {
  /** Default startup timeout of the factories below. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Blocks until ready.
   *
   * @throws ContainerNotReadyException if not ready by {@code deadline} or the container exited
   */
  void waitUntilReady(ContainerEngine engine, String container, Instant deadline);

  /** Time allowed from start to ready. */
  Duration startupTimeout();

  /** Same strategy with another startup timeout. */
  WaitStrategy withStartupTimeout(Duration timeout);

  /**
   * A TCP connection from this JVM to the published port succeeds and is not closed at once by a
   * port proxy (Docker's userland proxy accepts and then drops connections while nothing listens in
   * the container). Scratch images have no shell, so nothing is checked from the inside.
   */
  static WaitStrategy forListeningPort(int containerPort) {
    return new PortWait(containerPort, DEFAULT_TIMEOUT);
  }

  /**
   * An HTTP GET on the published port answers 200 (refine with {@code forStatus}/{@code forBody}).
   */
  static HttpWaitStrategy forHttp(int containerPort, String path) {
    return HttpWaitStrategy.of(containerPort, path, DEFAULT_TIMEOUT);
  }

  /** {@code times} log lines (either stream) contain a match of {@code regex}. */
  static WaitStrategy forLogMessage(String regex, int times) {
    return new LogMessageWait(regex, times, DEFAULT_TIMEOUT);
  }

  /** The engine reports the image's HEALTHCHECK as healthy. Fails at once if the image has none. */
  static WaitStrategy forHealthcheck() {
    return new HealthWait(false, List.of(), DEFAULT_TIMEOUT);
  }

  /**
   * Healthy as reported by the engine, or, while the engine reports {@code starting} or nothing
   * (Podman without systemd never runs health checks), the image's HEALTHCHECK test run through
   * exec exits 0.
   */
  static WaitStrategy forHealthcheckWithExecFallback() {
    return new HealthWait(true, List.of(), DEFAULT_TIMEOUT);
  }

  /**
   * Engine-reported health, falling back to running {@code command} (argument list) through exec
   * until it exits 0.
   */
  static WaitStrategy forHealthcheckOrExec(List<String> command) {
    return new HealthWait(
        true,
        dev.cloudnative.docker.internal.Validate.args("health command", command),
        DEFAULT_TIMEOUT);
  }

  /**
   * Every strategy in turn, sharing one deadline (the longest of their timeouts unless overridden).
   */
  static WaitStrategy allOf(WaitStrategy... strategies) {
    return new AllOfWait(List.of(strategies), null);
  }
}
