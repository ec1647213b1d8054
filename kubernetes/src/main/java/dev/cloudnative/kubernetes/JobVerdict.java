package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * What a Job wait makes of one {@link JobStatus}: done (condition {@code Complete=True}), failed
 * (condition {@code Failed=True}, with the controller's reason) or still waiting, with a message
 * naming the rule that is unmet. Computed by {@link JobStatus#verdict()}; every Job wait of every
 * {@link Cluster} ends on it.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param state done, waiting or failed
 * @param message a line for this status, naming the Job as {@code "namespace/name"}
 */
public record JobVerdict(State state, String message) {

  /** The three outcomes of the rule. Immutable enum, thread-safe. */
  public enum State {
    /** The Job completed: {@code Complete=True}. */
    DONE,
    /** Neither terminal condition is true yet. */
    WAITING,
    /** The Job failed ({@code Failed=True}): waiting longer cannot complete it. */
    FAILED
  }

  public JobVerdict {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
  }

  /** True for {@link State#DONE}. */
  public boolean done() {
    return state == State.DONE;
  }

  /** True for {@link State#FAILED}. */
  public boolean failed() {
    return state == State.FAILED;
  }
}
