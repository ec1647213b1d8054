package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.PodPhase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The StatefulSet controller with {@code OrderedReady} pod management and the {@code RollingUpdate}
 * strategy, one action per set per pass, as {@code pkg/controller/statefulset} orders them:
 *
 * <ol>
 *   <li>a missing pod of ordinal {@code i < replicas} is created (at the update revision when
 *       {@code i >= partition}, otherwise at the current one) once every lower ordinal is Running
 *       and ready;
 *   <li>with every wanted pod ready, a pod of ordinal {@code >= replicas} is removed, highest
 *       first;
 *   <li>with every wanted pod ready, the highest ordinal {@code >= partition} not at the update
 *       revision is removed, to be created again at it on a later pass.
 * </ol>
 *
 * The current revision becomes the update revision once every pod runs it. Pods are named {@code
 * <set>-<ordinal>} and labelled {@code controller-revision-hash} and {@code
 * statefulset.kubernetes.io/pod-name}. Not modelled: {@code Parallel} pod management, {@code
 * OnDelete}, volume claim templates, {@code minReadySeconds}, {@code maxUnavailable}.
 *
 * <p>Not thread-safe: every method runs under the {@link ClusterState} lock, inside a step.
 */
final class StatefulSetController {

  static final String KIND = "StatefulSet";
  static final String REVISION_LABEL = "controller-revision-hash";
  static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

  private final ClusterState state;

  StatefulSetController(ClusterState state) {
    this.state = state;
  }

  /** One pass over every StatefulSet. */
  void run() {
    for (Map.Entry<Key, StatefulSetState> e : state.statefulSets.entrySet()) {
      reconcile(e.getKey(), e.getValue());
    }
  }

  private void reconcile(Key k, StatefulSetState s) {
    String update = s.updateRevision();
    int replicas = s.spec.replicas();
    int partition = s.spec.partition();
    Map<Integer, PodState> byOrdinal = pods(k);
    s.observedGeneration = s.generation;
    for (int i = 0; i < replicas; i++) {
      PodState p = byOrdinal.get(i);
      if (p == null) {
        createPod(k, s, i, i >= partition ? update : s.currentRevision);
        return;
      }
      if (!(p.phase == PodPhase.RUNNING && p.ready)) {
        return; // OrderedReady: nothing further until this ordinal is ready
      }
    }
    List<Integer> extra = byOrdinal.keySet().stream().filter(i -> i >= replicas).toList();
    if (!extra.isEmpty()) {
      state.removePod(byOrdinal.get(extra.get(extra.size() - 1)).key);
      return;
    }
    for (int i = replicas - 1; i >= partition; i--) {
      if (!byOrdinal.get(i).replicaSet.equals(update)) {
        state.removePod(byOrdinal.get(i).key);
        return;
      }
    }
    if (byOrdinal.values().stream().allMatch(p -> p.replicaSet.equals(update))) {
      s.currentRevision = update;
    }
  }

  /** The set's pods by ordinal. */
  private Map<Integer, PodState> pods(Key k) {
    Map<Integer, PodState> byOrdinal = new TreeMap<>();
    for (PodState p : state.podsOwnedBy(KIND, k)) {
      String suffix = p.key.name().substring(k.name().length() + 1);
      byOrdinal.put(Integer.parseInt(suffix), p);
    }
    return byOrdinal;
  }

  private void createPod(Key k, StatefulSetState s, int ordinal, String revision) {
    String name = k.name() + "-" + ordinal;
    if (state.pods.containsKey(new Key(k.namespace(), name))) {
      return; // another owner's pod holds the name; the real controller would not adopt it either
    }
    var template = s.templates.get(revision);
    if (!state.admitsPod(k.namespace(), template)) {
      return;
    }
    Map<String, String> labels = new LinkedHashMap<>(template.labels());
    labels.put(REVISION_LABEL, revision);
    labels.put(POD_NAME_LABEL, name);
    PodState p =
        new PodState(new Key(k.namespace(), name), null, revision, labels, template, state.now);
    p.ownerKind = KIND;
    p.ownerName = k.name();
    state.pods.put(p.key, p);
  }
}
