package dev.cloudnative.mesh;

import java.util.Objects;
import java.util.Optional;

/**
 * Base of every failure raised by the mesh. Subclasses carry the context of the failure (service,
 * subset, endpoint). An exception the mesh throws to end a call also says how the call ended
 * ({@link #stopReason()}). Unchecked. Instances are immutable and thread-safe.
 */
public class MeshException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String service;
  private final StopReason stopReason;

  /** A failure that ended no call by itself (for example one a transport throws). */
  public MeshException(String service, String message) {
    this(service, null, message, null);
  }

  /** A failure that ended no call by itself (for example one a transport throws). */
  public MeshException(String service, String message, Throwable cause) {
    this(service, null, message, cause);
  }

  /**
   * @param service the logical service the call was addressed to
   * @param stopReason how the call this exception ends stopped; {@code null} when it ends none
   * @param message the detail message
   * @param cause the cause, or {@code null}
   */
  public MeshException(String service, StopReason stopReason, String message, Throwable cause) {
    super(message, cause);
    this.service = Objects.requireNonNull(service, "service");
    this.stopReason = stopReason;
  }

  /**
   * @return the logical service the failed call was addressed to
   */
  public String service() {
    return service;
  }

  /**
   * @return how the call this exception ended stopped; present on every exception the mesh throws
   *     to end a call, empty on one that ended no call by itself (a transport's own failure, which
   *     the mesh reports as the cause of an {@link UpstreamCallException})
   */
  public Optional<StopReason> stopReason() {
    return Optional.ofNullable(stopReason);
  }
}
