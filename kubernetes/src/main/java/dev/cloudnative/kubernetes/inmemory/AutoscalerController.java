package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.AutoscalerSpec;
import java.util.Map;

/**
 * The HorizontalPodAutoscaler controller: compares the CPU figure reported for a deployment with
 * the target and sets the deployment's replicas to {@code ceil(replicas * current / target)},
 * clamped to [min, max]. Deviations within 10% are ignored (the HPA's default tolerance), so that a
 * load hovering around the target does not make the deployment flap. It runs before the deployment
 * controller in a step, so a new replica count is acted on in the same step.
 *
 * <p>Not thread-safe: runs under the {@link ClusterState} lock, inside a step.
 */
final class AutoscalerController {

  private final ClusterState state;

  AutoscalerController(ClusterState state) {
    this.state = state;
  }

  /** One pass over every autoscaler. */
  void run() {
    for (Map.Entry<Key, AutoscalerState> e : state.autoscalers.entrySet()) {
      AutoscalerState a = e.getValue();
      AutoscalerSpec spec = a.spec;
      Key target = new Key(e.getKey().namespace(), spec.deployment());
      DeploymentState d = state.deployments.get(target);
      if (d == null) {
        continue;
      }
      int current = d.spec.replicas();
      Integer cpu = state.reportedCpu.get(target);
      if (current == 0) {
        // a deployment scaled to zero disables its autoscaler, as on a real cluster
        a.currentReplicas = 0;
        a.desiredReplicas = 0;
        a.currentCpu = cpu == null ? -1 : cpu;
        continue;
      }
      int desired = current;
      if (cpu != null) {
        double ratio = cpu / (double) spec.targetCpuUtilizationPercent();
        if (Math.abs(ratio - 1.0) > 0.1) {
          desired = (int) Math.ceil(current * ratio);
        }
      }
      desired = Math.max(spec.minReplicas(), Math.min(spec.maxReplicas(), desired));
      a.currentReplicas = current;
      a.desiredReplicas = desired;
      a.currentCpu = cpu == null ? -1 : cpu;
      if (desired != current) {
        d.update(d.spec.toBuilder().withReplicas(desired).build());
      }
    }
  }
}
