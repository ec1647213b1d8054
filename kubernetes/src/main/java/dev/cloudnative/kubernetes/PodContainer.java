package dev.cloudnative.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One started container of a pod, as a {@link PodRuntime} runs it. {@link #close()} stops and
 * removes it; closing twice is a no-op.
 *
 * <p>Implementations are thread-safe.
 */
public interface PodContainer extends AutoCloseable {

  /** The loopback address the container's ports are published on. */
  String host();

  /** Container port to the host port it is published on at {@link #host()}. */
  Map<Integer, Integer> ports();

  /** The exit code once the container has exited; empty while it runs. */
  OptionalInt exitCode();

  /**
   * Runs an argument list in the container (an exec probe, or {@link Cluster#exec}); returns its
   * exit code and output.
   *
   * @throws ExecTimeoutException when it still runs after {@code timeout}
   */
  ExecResult exec(List<String> command, Duration timeout);

  /**
   * The container's log lines: the last {@code tailLines} (-1 for all), only those newer than
   * {@code since} when positive.
   */
  List<String> logs(int tailLines, Duration since);

  /** Stops the container (SIGTERM, SIGKILL after {@code grace}) and removes it. */
  void stop(Duration grace);

  /** Removes the container at once (SIGKILL). */
  @Override
  void close();
}
