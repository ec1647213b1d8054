package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.RollingUpdate;
import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment controller and, under it, the ReplicaSet controller: one pass per step moves each
 * deployment's pods toward its spec. The current template's ReplicaSet is scaled up while the total
 * pod count stays within {@code replicas + maxSurge}; old ReplicaSets lose their unready pods first
 * (they cost no availability), then ready ones while at least {@code replicas - maxUnavailable}
 * pods stay available. Doing both in one pass, from the pods as they are, is what makes a rollout
 * advance one bounded batch per step, as the real controllers' reconcile loops do.
 *
 * <p>Not thread-safe: every method runs under the {@link ClusterState} lock, inside a step. It
 * never calls the pod runtime; a pod it removes has its container stopped through {@link
 * ClusterState#removePod}.
 */
final class DeploymentController {

  private static final String TEMPLATE_HASH_LABEL = "pod-template-hash";

  private final ClusterState state;
  private long podSequence; // guarded by the state lock

  DeploymentController(ClusterState state) {
    this.state = state;
  }

  /** One pass over every deployment. */
  void run() {
    for (Map.Entry<Key, DeploymentState> e : state.deployments.entrySet()) {
      reconcile(e.getKey(), e.getValue());
    }
  }

  private void reconcile(Key k, DeploymentState d) {
    ReplicaSetState current = d.currentReplicaSet();
    int desired = d.spec.replicas();
    List<PodState> owned = state.podsOf(k);
    List<PodState> newPods = owned.stream().filter(p -> p.replicaSet.equals(current.name)).toList();
    List<PodState> oldPods =
        owned.stream().filter(p -> !p.replicaSet.equals(current.name)).toList();

    if (oldPods.isEmpty()) {
      scaleTo(k, d, current, newPods, desired);
    } else {
      RollingUpdate strategy = d.spec.strategy();
      int surge = Validation.resolve(strategy.maxSurge(), desired, true);
      int maxUnavailable = Validation.resolve(strategy.maxUnavailable(), desired, false);
      if (surge == 0 && maxUnavailable == 0) {
        maxUnavailable = 1; // what the real controller does when both percentages round to zero
      }
      int total = owned.size();
      int room = desired + surge - total;
      int newTarget = Math.min(desired, newPods.size() + Math.max(0, room));
      if (newTarget > newPods.size()) {
        scaleTo(k, d, current, newPods, newTarget);
      } else if (newPods.size() > desired) {
        scaleTo(k, d, current, newPods, desired);
      }
      // old pods that are not ready cost no availability: remove them first
      for (PodState p : oldPods) {
        if (!p.ready) {
          state.removePod(p.key);
        }
      }
      List<PodState> oldReady =
          oldPods.stream().filter(p -> p.ready).sorted(PodState.NEWEST_FIRST).toList();
      long available = state.podsOf(k).stream().filter(p -> p.ready).count();
      long removable = Math.max(0, available - (desired - maxUnavailable));
      for (int i = 0; i < oldReady.size() && i < removable; i++) {
        state.removePod(oldReady.get(i).key);
      }
    }
    d.observedGeneration = d.generation;
  }

  /** The ReplicaSet controller: brings one ReplicaSet's pods to {@code target}. */
  private void scaleTo(
      Key k, DeploymentState d, ReplicaSetState rs, List<PodState> existing, int target) {
    if (existing.size() < target) {
      for (int i = existing.size(); i < target; i++) {
        createPod(k, rs);
      }
    } else if (existing.size() > target) {
      // like the ReplicaSet controller: unready and younger pods go first
      List<PodState> order = new ArrayList<>(existing);
      order.sort(
          Comparator.comparing((PodState p) -> p.ready).thenComparing(PodState.NEWEST_FIRST));
      for (int i = 0; i < existing.size() - target; i++) {
        state.removePod(order.get(i).key);
      }
    }
  }

  private void createPod(Key k, ReplicaSetState rs) {
    if (!state.admitsPod(k.namespace(), rs.template)) {
      return;
    }
    String suffix = Long.toString(36L * 36 * 36 * 36 + (podSequence++), 36);
    String name = rs.name + "-" + suffix.substring(suffix.length() - 5);
    Map<String, String> labels = new LinkedHashMap<>(rs.template.labels());
    labels.put(TEMPLATE_HASH_LABEL, rs.hash);
    PodState p =
        new PodState(
            new Key(k.namespace(), name), k.name(), rs.name, labels, rs.template, state.now);
    state.pods.put(p.key, p);
  }
}
