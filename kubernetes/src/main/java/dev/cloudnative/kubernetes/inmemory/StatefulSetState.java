package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import dev.cloudnative.kubernetes.internal.StatefulSetMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A StatefulSet and its revisions: one per distinct pod template, named {@code <set>-<n>} in the
 * order they appeared (the role of ControllerRevisions), so a pod's revision says which template it
 * runs.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class StatefulSetState {
  StatefulSetSpec spec;
  long generation = 1;
  long observedGeneration;

  /** Pod template to revision name, in order of appearance. */
  final Map<DeploymentSpec, String> revisions = new LinkedHashMap<>();

  /** Revision name to its pod template. */
  final Map<String, DeploymentSpec> templates = new LinkedHashMap<>();

  String currentRevision;

  StatefulSetState(StatefulSetSpec spec) {
    this.spec = spec;
    currentRevision = updateRevision();
  }

  /** Applies a new spec; only a real change bumps the generation (as the API server does). */
  void update(StatefulSetSpec next) {
    if (!next.equals(spec)) {
      spec = next;
      generation++;
      updateRevision();
    }
  }

  /** The revision of the current template, registered on first sight. */
  String updateRevision() {
    DeploymentSpec t = template(spec);
    return revisions.computeIfAbsent(
        t,
        key -> {
          String name = spec.name() + "-" + (revisions.size() + 1);
          templates.put(name, key);
          return name;
        });
  }

  /** The template alone: replicas and partition are not part of a revision. */
  static DeploymentSpec template(StatefulSetSpec spec) {
    return StatefulSetMapper.podTemplate(spec.toBuilder().withReplicas(1).withPartition(0).build());
  }
}
