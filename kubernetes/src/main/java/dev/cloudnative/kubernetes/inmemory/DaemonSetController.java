package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DaemonSetStatus;
import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DaemonSet controller with the {@code RollingUpdate} strategy ({@code maxSurge} 0), one pass
 * per step, as {@code pkg/controller/daemon} acts on every simulated node ({@link
 * InMemoryCluster.Builder#nodes}):
 *
 * <ol>
 *   <li>a node without a daemon pod gets one, at the update revision, pinned to the node;
 *   <li>a node with more than one daemon pod loses the surplus (the oldest revision first);
 *   <li>old-revision pods that are not ready are removed at once; ready ones are removed while
 *       fewer than {@code maxUnavailable} nodes lack an available daemon pod, to be replaced at the
 *       update revision on a later pass.
 * </ol>
 *
 * Pods are named {@code <set>-<n>} and labelled {@code controller-revision-hash}. Not modelled:
 * node selectors, taints and tolerations, {@code maxSurge}, {@code minReadySeconds}, {@code
 * OnDelete}.
 *
 * <p>Not thread-safe: every method runs under the {@link ClusterState} lock, inside a step.
 */
final class DaemonSetController {

  static final String KIND = "DaemonSet";
  static final String REVISION_LABEL = "controller-revision-hash";

  private final ClusterState state;

  DaemonSetController(ClusterState state) {
    this.state = state;
  }

  /** One pass over every DaemonSet. */
  void run() {
    for (Map.Entry<Key, DaemonSetState> e : state.daemonSets.entrySet()) {
      reconcile(e.getKey(), e.getValue());
    }
  }

  private void reconcile(Key k, DaemonSetState s) {
    s.observedGeneration = s.generation;
    String update = s.updateRevision();
    Map<String, List<PodState>> byNode = podsByNode(state, k);
    int unavailable = 0;
    for (String node : state.nodes) {
      List<PodState> pods = byNode.get(node);
      if (pods == null || pods.stream().noneMatch(p -> p.ready)) {
        unavailable++;
      }
    }
    int maxUnavailable =
        Math.max(1, Validation.resolve(s.spec.maxUnavailable(), state.nodes.size(), true));
    for (String node : state.nodes) {
      List<PodState> pods = byNode.getOrDefault(node, List.of());
      if (pods.isEmpty()) {
        createPod(k, s, node, update);
        continue;
      }
      // newest revision first: keep the update revision's pod over an old one
      pods.sort(
          (a, b) -> Boolean.compare(b.replicaSet.equals(update), a.replicaSet.equals(update)));
      for (PodState extra : pods.subList(1, pods.size())) {
        state.removePod(extra.key);
      }
      PodState p = pods.get(0);
      if (p.replicaSet.equals(update)) {
        continue;
      }
      if (!p.ready) {
        state.removePod(p.key); // an unavailable old pod costs nothing to replace
      } else if (unavailable < maxUnavailable) {
        state.removePod(p.key);
        unavailable++;
      }
    }
  }

  /** The set's pods by the node they are pinned to. */
  private static Map<String, List<PodState>> podsByNode(ClusterState state, Key k) {
    Map<String, List<PodState>> byNode = new LinkedHashMap<>();
    for (PodState p : state.podsOwnedBy(KIND, k)) {
      byNode.computeIfAbsent(p.node, n -> new ArrayList<>()).add(p);
    }
    return byNode;
  }

  private void createPod(Key k, DaemonSetState s, String node, String revision) {
    if (!state.admitsPod(k.namespace(), s.templates.get(revision))) {
      return;
    }
    String base = k.name().length() > 57 ? k.name().substring(0, 57) : k.name();
    Key podKey;
    do {
      podKey = new Key(k.namespace(), base + "-" + (++s.podSequence));
    } while (state.pods.containsKey(podKey));
    var template = s.templates.get(revision);
    Map<String, String> labels = new LinkedHashMap<>(template.labels());
    labels.put(REVISION_LABEL, revision);
    PodState p = new PodState(podKey, null, revision, labels, template, state.now);
    p.ownerKind = KIND;
    p.ownerName = k.name();
    p.node = node;
    state.pods.put(p.key, p);
  }

  /** The set's status, computed from its pods (under the lock). */
  static DaemonSetStatus status(ClusterState state, Key k, DaemonSetState s) {
    String update = s.updateRevision();
    int current = 0;
    int updated = 0;
    int ready = 0;
    Map<String, List<PodState>> byNode = podsByNode(state, k);
    for (String node : state.nodes) {
      List<PodState> pods = byNode.getOrDefault(node, List.of());
      if (!pods.isEmpty()) {
        current++;
      }
      if (pods.stream().anyMatch(p -> p.replicaSet.equals(update))) {
        updated++;
      }
      if (pods.stream().anyMatch(p -> p.ready)) {
        ready++;
      }
    }
    return new DaemonSetStatus(
        k.namespace(),
        k.name(),
        s.generation,
        s.observedGeneration,
        true,
        state.nodes.size(),
        current,
        updated,
        ready,
        ready);
  }
}
