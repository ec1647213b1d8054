package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * One entry of a deployment's {@code status.conditions}, as the deployment controller wrote it: for
 * example type {@code Progressing}, status {@code False}, reason {@code ProgressDeadlineExceeded}.
 * Absent fields are empty strings, as they are absent on the wire.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param type the condition type ({@code Progressing}, {@code Available}, {@code ReplicaFailure})
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason the machine-readable reason, such as {@code NewReplicaSetAvailable}
 * @param message the controller's human-readable message
 */
public record RolloutCondition(String type, String status, String reason, String message) {

  /** The condition type whose reason kubectl reads to tell a failed rollout. */
  public static final String PROGRESSING = "Progressing";

  /**
   * The reason the deployment controller sets on {@code Progressing} once {@code
   * progressDeadlineSeconds} passed without progress ({@code TimedOutReason} in kubectl's {@code
   * pkg/util/deployment}).
   */
  public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  public RolloutCondition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
