package dev.cloudnative.kubernetes;

/**
 * A rollout wait gave up before the deployment's current generation was fully available. The last
 * status observed is kept so callers can tell a stuck rollout (new pods never ready) from a slow
 * one.
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

  /** The status seen by the last poll before the deadline. */
  public RolloutStatus lastStatus() {
    return lastStatus;
  }
}
