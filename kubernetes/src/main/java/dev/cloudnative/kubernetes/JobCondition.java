package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * One entry of a Job's {@code status.conditions}, as the Job controller wrote it: for example type
 * {@code Failed}, status {@code True}, reason {@code BackoffLimitExceeded}. Absent fields are empty
 * strings, as they are absent on the wire.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param type the condition type ({@code Complete}, {@code Failed}, {@code Suspended}, ...)
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason the machine-readable reason, such as {@code DeadlineExceeded}
 * @param message the controller's human-readable message
 */
public record JobCondition(String type, String status, String reason, String message) {

  /** The terminal condition of a Job whose pods succeeded {@code completions} times. */
  public static final String COMPLETE = "Complete";

  /** The terminal condition of a Job that will run no more pods. */
  public static final String FAILED = "Failed";

  /** The reason of {@link #FAILED} once more pods failed than {@code backoffLimit} allows. */
  public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";

  /** The reason of {@link #FAILED} once the Job ran longer than {@code activeDeadlineSeconds}. */
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  public JobCondition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** True when {@link #status()} is {@code True}. */
  public boolean isTrue() {
    return status.equals("True");
  }
}
