package dev.cloudnative.kubernetes;

import java.time.Duration;

/**
 * A StatefulSet rollout wait gave up: the caller's timeout passed ({@link #after}, naming the unmet
 * rule) or kubectl's rule failed ({@link #failed}, an {@code OnDelete} set). The last status
 * observed is kept.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class StatefulSetTimeoutException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  private final transient StatefulSetStatus lastStatus;

  public StatefulSetTimeoutException(String message, StatefulSetStatus lastStatus) {
    super(message, "StatefulSet", lastStatus.namespace(), lastStatus.name(), 0, null);
    this.lastStatus = lastStatus;
  }

  /** The timeout: how long, on which clock, and kubectl's line for the unmet rule. */
  public static StatefulSetTimeoutException after(
      Duration timeout, String clock, StatefulSetStatus status) {
    return new StatefulSetTimeoutException(
        "timed out after "
            + timeout
            + clock
            + " waiting for the rollout of statefulset \""
            + status.namespace()
            + "/"
            + status.name()
            + "\"; unmet: "
            + status.describe()
            + " (ready "
            + status.readyReplicas()
            + ", updated "
            + status.updatedReplicas()
            + " of "
            + status.replicas()
            + ", revision "
            + status.currentRevision()
            + " -> "
            + status.updateRevision()
            + ")",
        status);
  }

  /** kubectl's error for a status it cannot wait on. */
  public static StatefulSetTimeoutException failed(StatefulSetStatus status) {
    return new StatefulSetTimeoutException(status.describe(), status);
  }

  /** The status seen by the last poll. */
  public StatefulSetStatus lastStatus() {
    return lastStatus;
  }
}
