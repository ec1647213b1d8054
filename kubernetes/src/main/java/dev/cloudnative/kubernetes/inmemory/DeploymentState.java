package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DeploymentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment and its ReplicaSets, one per distinct pod template, numbered by revision. A
 * ReplicaSet is never forgotten while its deployment lives: that is what makes a rollback (or
 * re-applying an older template) adopt the old ReplicaSet, and its pods' names, under a new
 * revision, as the real controller does.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class DeploymentState {
  DeploymentSpec spec;
  long generation = 1;
  long observedGeneration;
  long maxRevision;
  final Map<TemplateKey, ReplicaSetState> replicaSets = new LinkedHashMap<>();

  DeploymentState(DeploymentSpec spec) {
    this.spec = spec;
    currentReplicaSet();
  }

  /** Applies a new spec; only a real change bumps the generation (as the API server does). */
  void update(DeploymentSpec next) {
    if (!next.equals(spec)) {
      spec = next;
      generation++;
      currentReplicaSet();
    }
  }

  /**
   * The ReplicaSet of the current template; a template seen before gets its old ReplicaSet back.
   */
  ReplicaSetState currentReplicaSet() {
    TemplateKey key = TemplateKey.of(spec);
    ReplicaSetState rs = replicaSets.get(key);
    if (rs == null) {
      String hash = Integer.toHexString(key.hashCode() & 0x7fffffff);
      rs = new ReplicaSetState(spec.name() + "-" + hash, hash, spec, ++maxRevision);
      replicaSets.put(key, rs);
    } else if (rs.revision != maxRevision) {
      rs.revision = ++maxRevision;
    }
    return rs;
  }

  long currentRevision() {
    return maxRevision;
  }

  /** The parts of a spec that make up the pod template: changing any of them starts a rollout. */
  record TemplateKey(
      String image,
      String container,
      List<String> command,
      List<String> args,
      Object env,
      Object ports,
      Object resources,
      Object liveness,
      Object readiness,
      Map<String, String> labels,
      Map<String, String> annotations) {
    static TemplateKey of(DeploymentSpec s) {
      return new TemplateKey(
          s.image(),
          s.containerName(),
          s.command(),
          s.args(),
          s.env(),
          s.ports(),
          s.resources(),
          s.livenessProbe(),
          s.readinessProbe(),
          s.labels(),
          s.podAnnotations());
    }
  }
}
