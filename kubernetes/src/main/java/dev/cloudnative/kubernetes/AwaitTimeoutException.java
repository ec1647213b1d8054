package dev.cloudnative.kubernetes;

import java.time.Duration;
import java.util.Objects;

/**
 * A wait on a kind's readiness rule ({@link ReadinessStatus#verdict()}) gave up: the caller's
 * timeout passed first ({@link #after}, naming the unmet rule), or the rule failed and waiting
 * longer cannot meet it ({@link #failed}, such as a DaemonSet with the {@code OnDelete} strategy).
 * The last status observed is kept; {@link #lastStatus(Class)} returns it typed.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class AwaitTimeoutException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  private final transient ReadinessStatus lastStatus;

  public AwaitTimeoutException(String message, ReadinessStatus lastStatus) {
    super(message, lastStatus.kind(), lastStatus.namespace(), lastStatus.name(), 0, null);
    this.lastStatus = lastStatus;
  }

  /**
   * The timeout: how long, on which clock, and the rule's line for the unmet rule.
   *
   * @param clock empty for the wall clock, or a note such as {@code " (simulated)"}
   */
  public static AwaitTimeoutException after(
      Duration timeout, String clock, ReadinessStatus status) {
    return new AwaitTimeoutException(
        "timed out after "
            + timeout
            + clock
            + " waiting for "
            + status.kind()
            + " \""
            + status.namespace()
            + "/"
            + status.name()
            + "\"; unmet: "
            + status.describe()
            + "; last status: "
            + status,
        status);
  }

  /** The rule failed: its message, with the status. */
  public static AwaitTimeoutException failed(ReadinessStatus status) {
    return new AwaitTimeoutException(status.describe() + "; last status: " + status, status);
  }

  /** The status seen by the last poll. */
  public ReadinessStatus lastStatus() {
    return lastStatus;
  }

  /**
   * The status seen by the last poll as the kind's record, e.g. {@code
   * lastStatus(DaemonSetStatus.class)}; throws {@link ClassCastException} for another kind's.
   */
  public <S extends ReadinessStatus> S lastStatus(Class<S> type) {
    return Objects.requireNonNull(type, "type").cast(lastStatus);
  }

  /** True when the rule failed (rather than the timeout passing). */
  public boolean ruleFailed() {
    return lastStatus.verdict().failed();
  }
}
