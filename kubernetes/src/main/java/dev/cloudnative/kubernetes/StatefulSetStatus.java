package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * One observation of a StatefulSet's rollout, judged as {@code kubectl rollout status} judges it
 * ({@link #verdict()}).
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the set's namespace
 * @param name the set's name
 * @param generation {@code metadata.generation}
 * @param observedGeneration the generation the StatefulSet controller has acted upon (0 before)
 * @param replicas desired replicas ({@code spec.replicas}; 1 when absent)
 * @param rollingUpdate true for update strategy {@code RollingUpdate} (the default), false for
 *     {@code OnDelete}
 * @param partition {@code spec.updateStrategy.rollingUpdate.partition} (0 when absent)
 * @param currentReplicasInStatus pods the controller counts ({@code status.replicas})
 * @param readyReplicas pods passing readiness
 * @param currentReplicas pods at {@code currentRevision}
 * @param updatedReplicas pods at {@code updateRevision}
 * @param currentRevision the revision the pods below the partition run ({@code
 *     status.currentRevision})
 * @param updateRevision the revision of the current pod template ({@code status.updateRevision})
 */
public record StatefulSetStatus(
    String namespace,
    String name,
    long generation,
    long observedGeneration,
    int replicas,
    boolean rollingUpdate,
    int partition,
    int currentReplicasInStatus,
    int readyReplicas,
    int currentReplicas,
    int updatedReplicas,
    String currentRevision,
    String updateRevision) {

  public StatefulSetStatus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(currentRevision, "currentRevision");
    Objects.requireNonNull(updateRevision, "updateRevision");
  }

  /**
   * kubectl's verdict: {@code StatefulSetStatusViewer.Status} in kubernetes/kubectl {@code
   * pkg/polymorphichelpers/rollout_status.go}, in its order:
   *
   * <ol>
   *   <li>not {@code RollingUpdate}: failed, "rollout status is only available for RollingUpdate
   *       strategy type";
   *   <li>{@code observedGeneration == 0} or {@code generation > observedGeneration}: waiting,
   *       "spec update to be observed";
   *   <li>{@code readyReplicas < spec.replicas}: waiting, "N pods to be ready";
   *   <li>a partition above 0: waiting while {@code updatedReplicas < replicas - partition}
   *       ("partitioned roll out to finish: N out of M new pods have been updated"), otherwise
   *       done, "partitioned roll out complete";
   *   <li>{@code updateRevision != currentRevision}: waiting, "rolling update to complete";
   *   <li>otherwise done, "rolling update complete N pods at revision R".
   * </ol>
   *
   * The messages are kubectl's, naming the set as {@code "namespace/name"} without kubectl's
   * trailing "...".
   */
  public RolloutVerdict verdict() {
    String id = "statefulset \"" + namespace + "/" + name + "\"";
    if (!rollingUpdate) {
      return new RolloutVerdict(
          RolloutVerdict.State.FAILED,
          id + ": rollout status is only available for RollingUpdate strategy type");
    }
    if (observedGeneration == 0 || generation > observedGeneration) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING, "Waiting for " + id + " spec update to be observed");
    }
    if (readyReplicas < replicas) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          "Waiting for " + id + ": " + (replicas - readyReplicas) + " pods to be ready");
    }
    if (partition > 0) {
      if (updatedReplicas < replicas - partition) {
        return new RolloutVerdict(
            RolloutVerdict.State.WAITING,
            "Waiting for "
                + id
                + " partitioned roll out to finish: "
                + updatedReplicas
                + " out of "
                + (replicas - partition)
                + " new pods have been updated");
      }
      return new RolloutVerdict(
          RolloutVerdict.State.DONE,
          id
              + " partitioned roll out complete: "
              + updatedReplicas
              + " new pods have been updated");
    }
    if (!updateRevision.equals(currentRevision)) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          "Waiting for "
              + id
              + " rolling update to complete "
              + updatedReplicas
              + " pods at revision "
              + updateRevision);
    }
    return new RolloutVerdict(
        RolloutVerdict.State.DONE,
        id
            + " rolling update complete "
            + currentReplicas
            + " pods at revision "
            + currentRevision);
  }

  /** True when kubectl would report the rollout done: {@code verdict().done()}. */
  public boolean complete() {
    return verdict().done();
  }

  /** kubectl's line for this status: {@code verdict().message()}. */
  public String describe() {
    return verdict().message();
  }
}
