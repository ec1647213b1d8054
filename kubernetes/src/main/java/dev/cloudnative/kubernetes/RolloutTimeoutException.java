package dev.cloudnative.kubernetes;

/**
 * A rollout wait gave up before the deployment's current generation was rolled out: either the
 * caller's timeout passed ({@link #after}) or the deployment controller's progress deadline did
 * ({@link #failed}, kubectl's error). The last status observed is kept so callers can tell a stuck
 * rollout (new pods never ready) from a slow one.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class RolloutTimeoutException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  private final transient RolloutStatus lastStatus;

  public RolloutTimeoutException(String message, RolloutStatus lastStatus) {
    super(message, "Deployment", lastStatus.namespace(), lastStatus.name(), 0, null);
    this.lastStatus = lastStatus;
  }

  /**
   * The timeout every cluster reports: what was waited for, how long, and each count of the last
   * status, so a stuck rollout reads differently from a slow one.
   *
   * @param clock empty for the wall clock, or a note such as {@code " (simulated)"}
   */
  public static RolloutTimeoutException after(
      java.time.Duration timeout, String clock, RolloutStatus status) {
    return new RolloutTimeoutException(
        "timed out after "
            + timeout
            + clock
            + " waiting for the rollout of deployment \""
            + status.namespace()
            + "/"
            + status.name()
            + "\"; last status: "
            + status.describe()
            + " (generation "
            + status.generation()
            + ", observed "
            + status.observedGeneration()
            + ", updated "
            + status.updatedReplicas()
            + ", available "
            + status.availableReplicas()
            + ", unavailable "
            + status.unavailableReplicas()
            + " of "
            + status.replicas()
            + ")",
        status);
  }

  /**
   * The failure kubectl reports for a {@link RolloutVerdict.State#FAILED} verdict: the deployment
   * controller's own progress deadline passed, so waiting longer cannot complete the rollout.
   */
  public static RolloutTimeoutException failed(RolloutStatus status) {
    return new RolloutTimeoutException(
        status.describe()
            + " (deployment \""
            + status.namespace()
            + "/"
            + status.name()
            + "\", updated "
            + status.updatedReplicas()
            + ", available "
            + status.availableReplicas()
            + " of "
            + status.replicas()
            + ")",
        status);
  }

  /** The status seen by the last poll before the deadline. */
  public RolloutStatus lastStatus() {
    return lastStatus;
  }
}
