package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;

/**
 * The rolling-update strategy of a deployment: how many pods above the desired count may exist
 * during a rollout ({@code maxSurge}, rounded up from a percentage) and how many below it may be
 * unavailable ({@code maxUnavailable}, rounded down). Each is an integer or a percentage; both zero
 * is rejected because the rollout could never make progress.
 *
 * <p>Immutable and therefore thread-safe.
 */
public record RollingUpdate(String maxSurge, String maxUnavailable) {

  /** Kubernetes' default: 25% surge, 25% unavailable. */
  public static final RollingUpdate DEFAULT = new RollingUpdate("25%", "25%");

  public RollingUpdate {
    Validation.intOrPercent("Deployment", "", "", "strategy.rollingUpdate.maxSurge", maxSurge);
    Validation.intOrPercent(
        "Deployment", "", "", "strategy.rollingUpdate.maxUnavailable", maxUnavailable);
    if (isZero(maxSurge) && isZero(maxUnavailable)) {
      throw KubernetesInvalidException.rejected(
          "Deployment",
          "",
          "",
          "strategy.rollingUpdate",
          "maxSurge and maxUnavailable may not both be 0");
    }
  }

  private static boolean isZero(String v) {
    return v.equals("0") || v.equals("0%");
  }

  public static RollingUpdate of(int maxSurge, int maxUnavailable) {
    return new RollingUpdate(String.valueOf(maxSurge), String.valueOf(maxUnavailable));
  }
}
