package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * What {@code kubectl rollout status} would say about one {@link RolloutStatus}: done, still
 * waiting (with kubectl's message for the rule that is unmet), or failed (with kubectl's error
 * text). Computed by {@link RolloutStatus#verdict()}; every rollout wait of every {@link Cluster}
 * ends on it.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param state done, waiting or failed
 * @param message kubectl's line for this status's branch, naming the deployment as {@code
 *     "namespace/name"} (see {@link RolloutStatus#verdict()})
 */
public record RolloutVerdict(State state, String message) {

  /** The three outcomes of kubectl's rule. */
  public enum State {
    /** kubectl prints "successfully rolled out" and exits 0. */
    DONE,
    /** kubectl prints a "Waiting for ..." line and keeps watching. */
    WAITING,
    /** kubectl exits with an error: waiting longer cannot complete this rollout. */
    FAILED
  }

  public RolloutVerdict {
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
