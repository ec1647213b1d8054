package dev.cloudnative.kubernetes;

import java.util.Map;

/**
 * A snapshot of a Deployment as read from the cluster.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param image the first container's image
 * @param revision the {@code deployment.kubernetes.io/revision} the controller assigned, 0 when
 *     none yet
 * @param status the rollout counters at the time of the read
 */
public record DeploymentInfo(
    String namespace,
    String name,
    String image,
    int replicas,
    Map<String, String> selector,
    long revision,
    RolloutStatus status) {

  public DeploymentInfo {
    selector = Map.copyOf(selector);
  }
}
