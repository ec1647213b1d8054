package dev.cloudnative.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container engine session: images, containers, logs, exec and readiness waits.
 *
 * <p>Everything the session creates (containers, images, volumes) carries {@link SessionLabels}
 * with this session's id; {@link #close()} removes it all. Listing always asks the engine, never a
 * local map. Stop and remove of a container that is already stopped or removed succeed silently.
 * Every call enforces its own deadline. Image references are checked with Docker's grammar before
 * any call ({@link InvalidSpecException}, an {@link IllegalArgumentException}: bad input is the
 * caller's programming error, so {@code catch (DockerException e)}, which handles the engine's
 * operational failures, does not catch it; a {@code null} argument is a {@link
 * NullPointerException} naming the parameter).
 *
 * <p>{@link #close()} is idempotent; after it, every other method throws {@link
 * IllegalStateException} ({@code container engine session <id> ... is closed}).
 *
 * <p>Implementations are thread-safe.
 */
public interface ContainerEngine extends AutoCloseable {

  /** Checks the engine answers within the connect timeout. */
  EngineInfo ping();

  /** This session's id (the value of the {@link SessionLabels#SESSION} label). */
  String sessionId();

  /** Host name or address where published ports are reachable from this JVM. */
  String publishedPortHost();

  // ---- images ----

  /**
   * Builds an image, streaming output to the build's listener, and returns the built image (full
   * id).
   *
   * @throws BuildFailedException with the failing step and log tail
   */
  ImageInfo build(ImageBuild build);

  /** Adds {@code target} as a tag of {@code source}. */
  void tag(String source, String target);

  /** Pushes a tag; {@code auth} empty for an open registry. */
  void push(String reference, Optional<RegistryAuth> auth, Duration timeout);

  /** Pulls a reference; {@code auth} empty for an open registry. */
  ImageInfo pull(String reference, Optional<RegistryAuth> auth, Duration timeout);

  /**
   * @throws ImageNotFoundException if absent
   */
  ImageInfo inspectImage(String reference);

  Optional<ImageInfo> findImage(String reference);

  /** Images whose labels contain all of {@code labels} (empty map: all images). */
  List<ImageInfo> listImages(Map<String, String> labels);

  /** Removes an image or one of its tags; absent images are not an error. */
  void removeImage(String reference, boolean force);

  // ---- containers ----

  /** Creates (does not start) a container; returns its id. */
  String create(ContainerSpec spec);

  /** Creates, starts and waits for the spec's {@link WaitStrategy} (if any); returns the id. */
  default String run(ContainerSpec spec) {
    String id = create(spec);
    start(id);
    spec.waitStrategy().ifPresent(w -> waitUntilReady(id, w));
    return id;
  }

  void start(String container);

  /** SIGTERM, then SIGKILL after the grace period; already stopped is not an error. */
  void stop(String container, Duration grace);

  /** SIGKILL. */
  void kill(String container);

  void restart(String container, Duration grace);

  /** Removes a container; already removed is not an error. */
  void remove(String container, boolean force, boolean removeVolumes);

  /**
   * @throws ContainerNotFoundException if absent
   */
  ContainerInfo inspect(String container);

  /** Containers whose labels contain all of {@code labels}; {@code all} includes stopped ones. */
  List<ContainerInfo> list(Map<String, String> labels, boolean all);

  /**
   * Blocks until the container exits and returns its exit code.
   *
   * @throws DockerTimeoutException if it is still running after {@code timeout}
   */
  int waitForExit(String container, Duration timeout);

  /** A snapshot of the container's logs. */
  Logs logs(String container, LogOptions options);

  /**
   * Follows the logs, delivering complete lines to {@code consumer} until the container stops or it
   * is closed.
   */
  Subscription followLogs(String container, LogOptions options, LogConsumer consumer);

  /** Runs a command (argument list, no shell) in a running container. */
  ExecResult exec(String container, List<String> command, Duration timeout);

  /**
   * Blocks until {@code strategy} reports ready.
   *
   * @throws ContainerNotReadyException on timeout or early exit, with the log tail
   */
  default void waitUntilReady(String container, WaitStrategy strategy) {
    strategy.waitUntilReady(
        this, container, java.time.Instant.now().plus(strategy.startupTimeout()));
  }

  // ---- session ----

  /**
   * Removes every container, volume and image carrying this session's label; returns how many were
   * removed.
   */
  int removeSessionResources();

  /** Removes the session's resources and releases the connection; a second call does nothing. */
  @Override
  void close();
}
