package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * One observation of a DaemonSet's rollout, judged as {@code kubectl rollout status} judges it
 * ({@link #verdict()}).
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the set's namespace
 * @param name the set's name
 * @param generation {@code metadata.generation}
 * @param observedGeneration the generation the DaemonSet controller has acted upon (0 before)
 * @param rollingUpdate true for update strategy {@code RollingUpdate} (the default), false for
 *     {@code OnDelete}
 * @param desiredNumberScheduled nodes that should run the daemon pod
 * @param currentNumberScheduled nodes running at least one daemon pod they should run
 * @param updatedNumberScheduled nodes running the daemon pod of the current template
 * @param numberReady nodes whose daemon pod is ready
 * @param numberAvailable nodes whose daemon pod is available (ready for {@code minReadySeconds})
 */
public record DaemonSetStatus(
    String namespace,
    String name,
    long generation,
    long observedGeneration,
    boolean rollingUpdate,
    int desiredNumberScheduled,
    int currentNumberScheduled,
    int updatedNumberScheduled,
    int numberReady,
    int numberAvailable)
    implements ReadinessStatus {

  public DaemonSetStatus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String kind() {
    return "DaemonSet";
  }

  /**
   * kubectl's verdict: {@code DaemonSetStatusViewer.Status} in kubernetes/kubectl {@code
   * pkg/polymorphichelpers/rollout_status.go}, in its order:
   *
   * <ol>
   *   <li>not {@code RollingUpdate}: failed, "rollout status is only available for RollingUpdate
   *       strategy type";
   *   <li>{@code generation > observedGeneration}: waiting, "spec update to be observed";
   *   <li>{@code updatedNumberScheduled < desiredNumberScheduled}: waiting, "N out of M new pods
   *       have been updated";
   *   <li>{@code numberAvailable < desiredNumberScheduled}: waiting, "N of M updated pods are
   *       available";
   *   <li>otherwise done, "successfully rolled out".
   * </ol>
   *
   * The messages are kubectl's, naming the set as {@code "namespace/name"} without kubectl's
   * trailing "...". {@code numberUnavailable} is not read, as kubectl does not read it.
   */
  @Override
  public RolloutVerdict verdict() {
    String id = "daemon set \"" + namespace + "/" + name + "\"";
    if (!rollingUpdate) {
      return new RolloutVerdict(
          RolloutVerdict.State.FAILED,
          id + ": rollout status is only available for RollingUpdate strategy type");
    }
    if (generation > observedGeneration) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING, "Waiting for " + id + " spec update to be observed");
    }
    if (updatedNumberScheduled < desiredNumberScheduled) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          "Waiting for "
              + id
              + " rollout to finish: "
              + updatedNumberScheduled
              + " out of "
              + desiredNumberScheduled
              + " new pods have been updated");
    }
    if (numberAvailable < desiredNumberScheduled) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          "Waiting for "
              + id
              + " rollout to finish: "
              + numberAvailable
              + " of "
              + desiredNumberScheduled
              + " updated pods are available");
    }
    return new RolloutVerdict(RolloutVerdict.State.DONE, id + " successfully rolled out");
  }
}
