package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.internal.PodTemplates;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DaemonSet and its revisions: one per distinct pod template, named {@code <set>-<n>} in the
 * order they appeared (the role of ControllerRevisions), so a pod's revision says which template it
 * runs.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class DaemonSetState {
  DaemonSetSpec spec;
  long generation = 1;
  long observedGeneration;
  int podSequence;

  /** Pod template to revision name, in order of appearance. */
  final Map<DeploymentSpec, String> revisions = new LinkedHashMap<>();

  /** Revision name to its pod template. */
  final Map<String, DeploymentSpec> templates = new LinkedHashMap<>();

  DaemonSetState(DaemonSetSpec spec) {
    this.spec = spec;
    updateRevision();
  }

  /** Applies a new spec; only a real change bumps the generation (as the API server does). */
  void update(DaemonSetSpec next) {
    if (!next.equals(spec)) {
      spec = next;
      generation++;
      updateRevision();
    }
  }

  /** The revision of the current template, registered on first sight. */
  String updateRevision() {
    DeploymentSpec t =
        PodTemplates.asDeployment(spec.namespace(), spec.name(), spec.selector(), spec.template());
    return revisions.computeIfAbsent(
        t,
        key -> {
          String name = spec.name() + "-" + (revisions.size() + 1);
          templates.put(name, key);
          return name;
        });
  }
}
