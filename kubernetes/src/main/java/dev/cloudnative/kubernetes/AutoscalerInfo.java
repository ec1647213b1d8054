package dev.cloudnative.kubernetes;

/**
 * A snapshot of a HorizontalPodAutoscaler: its spec and the controller's last decision.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param currentCpuUtilizationPercent the last measured average CPU utilisation, -1 when not yet
 *     measured
 */
public record AutoscalerInfo(
    AutoscalerSpec spec,
    int currentReplicas,
    int desiredReplicas,
    int currentCpuUtilizationPercent) {}
