package dev.cloudnative.kubernetes;

import java.time.Duration;

/**
 * A Job wait gave up: either the caller's timeout passed before the Job completed ({@link #after},
 * naming the unmet rule) or the Job failed ({@link #failed}: condition {@code Failed=True}, so it
 * will never complete). The last status observed is kept, so callers can tell a Job still running
 * from one that keeps failing.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class JobTimeoutException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  private final transient JobStatus lastStatus;

  public JobTimeoutException(String message, JobStatus lastStatus) {
    super(message, "Job", lastStatus.namespace(), lastStatus.name(), 0, null);
    this.lastStatus = lastStatus;
  }

  /**
   * The timeout every cluster reports: how long, on which clock, the unmet rule and the last
   * status.
   *
   * @param clock empty for the wall clock, or a note such as {@code " (simulated)"}
   */
  public static JobTimeoutException after(Duration timeout, String clock, JobStatus status) {
    return new JobTimeoutException(
        "timed out after "
            + timeout
            + clock
            + " waiting for job \""
            + status.namespace()
            + "/"
            + status.name()
            + "\"; unmet: condition Complete=True; last status: "
            + status.describe(),
        status);
  }

  /** The Job failed ({@code Failed=True}): its verdict's message, with its counters. */
  public static JobTimeoutException failed(JobStatus status) {
    return new JobTimeoutException(
        status.describe()
            + " (succeeded "
            + status.succeeded()
            + " of "
            + status.completions()
            + ", failed "
            + status.failed()
            + ", backoffLimit "
            + status.backoffLimit()
            + ")",
        status);
  }

  /** The status seen by the last poll. */
  public JobStatus lastStatus() {
    return lastStatus;
  }
}
