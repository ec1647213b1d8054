package dev.cloudnative.kubernetes;

import java.util.Map;

/**
 * A snapshot of a pod.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param ready whether the pod's Ready condition is True
 * @param restarts the sum of restarts over its containers
 * @param ip the pod IP, empty until assigned
 * @param node the node it is scheduled on, empty until scheduled
 * @param ownerKind the kind of its controlling owner (usually {@code ReplicaSet}), empty when none
 * @param ownerName the name of its controlling owner, empty when none
 */
public record PodInfo(String namespace, String name, PodPhase phase, boolean ready, int restarts, String ip,
    String node, String ownerKind, String ownerName, Map<String, String> labels, String image) {

  public PodInfo {
    labels = Map.copyOf(labels);
  }
}
