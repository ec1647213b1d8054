package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One observation of a deployment's rollout, judged exactly as {@code kubectl rollout status}
 * judges it ({@link #verdict()}). {@link #complete()} and {@link #describe()} are two views of that
 * one verdict, so they never disagree.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the deployment's namespace
 * @param name the deployment's name
 * @param generation {@code metadata.generation}: bumped by the API server on every spec change
 * @param observedGeneration the generation the deployment controller has acted upon
 * @param replicas desired replicas ({@code spec.replicas}; read as 1 when absent, the API server's
 *     default, so an object read from a server always has it)
 * @param currentReplicas pods of any revision the controller counts ({@code status.replicas})
 * @param updatedReplicas pods running the current template
 * @param readyReplicas pods passing readiness
 * @param availableReplicas pods ready for at least {@code minReadySeconds}
 * @param unavailableReplicas desired pods not yet available; reported for information only: kubectl
 *     does not read it, and neither does {@link #verdict()}, since it can be stale
 * @param conditions {@code status.conditions} in the controller's order (empty where the cluster
 *     writes none, as the in-memory simulation does)
 */
public record RolloutStatus(
    String namespace,
    String name,
    long generation,
    long observedGeneration,
    int replicas,
    int currentReplicas,
    int updatedReplicas,
    int readyReplicas,
    int availableReplicas,
    int unavailableReplicas,
    List<RolloutCondition> conditions) {

  public RolloutStatus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    conditions = List.copyOf(Objects.requireNonNull(conditions, "conditions"));
  }

  /** A status without conditions. */
  public RolloutStatus(
      String namespace,
      String name,
      long generation,
      long observedGeneration,
      int replicas,
      int currentReplicas,
      int updatedReplicas,
      int readyReplicas,
      int availableReplicas,
      int unavailableReplicas) {
    this(
        namespace,
        name,
        generation,
        observedGeneration,
        replicas,
        currentReplicas,
        updatedReplicas,
        readyReplicas,
        availableReplicas,
        unavailableReplicas,
        List.of());
  }

  /**
   * The first condition of {@code type}, as kubectl's {@code GetDeploymentCondition} picks it (the
   * first match, not the last).
   */
  public Optional<RolloutCondition> condition(String type) {
    Objects.requireNonNull(type, "type");
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /**
   * kubectl's verdict on this status. The rule is {@code DeploymentStatusViewer.Status} in
   * kubernetes/kubectl {@code pkg/polymorphichelpers/rollout_status.go}, checked in its order:
   *
   * <ol>
   *   <li>{@code generation > observedGeneration}: waiting, "spec update to be observed" (nothing
   *       else is read, not even the conditions, which may be stale);
   *   <li>the first {@code Progressing} condition has reason {@code ProgressDeadlineExceeded}
   *       (whatever its status and the counters): failed, "exceeded its progress deadline";
   *   <li>{@code updatedReplicas < spec.replicas}: waiting, "N out of M new replicas have been
   *       updated";
   *   <li>{@code status.replicas > updatedReplicas}: waiting, "N old replicas are pending
   *       termination";
   *   <li>{@code availableReplicas < updatedReplicas}: waiting, "N of M updated replicas are
   *       available";
   *   <li>otherwise done, "successfully rolled out".
   * </ol>
   *
   * <p>So a scale-down is done once the old ReplicaSets are gone from the counters even while the
   * new one still counts more pods than desired, a scale to 0 is done with pods still counted,
   * {@code unavailableReplicas} is ignored, and a progress-deadline condition fails the rollout
   * even when the counters look complete. The messages are kubectl's lines for the same branch,
   * except that they name the deployment as {@code "namespace/name"} (kubectl prints the name
   * alone), drop kubectl's trailing "...", and the first one adds both generations.
   */
  public RolloutVerdict verdict() {
    String id = "deployment \"" + namespace + "/" + name + "\"";
    if (generation > observedGeneration) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          "Waiting for "
              + id
              + " spec update to be observed (generation "
              + generation
              + ", observed "
              + observedGeneration
              + ")");
    }
    Optional<RolloutCondition> progressing = condition(RolloutCondition.PROGRESSING);
    if (progressing.isPresent()
        && progressing.get().reason().equals(RolloutCondition.PROGRESS_DEADLINE_EXCEEDED)) {
      return new RolloutVerdict(
          RolloutVerdict.State.FAILED, id + " exceeded its progress deadline");
    }
    String waiting = "Waiting for " + id + " rollout to finish: ";
    if (updatedReplicas < replicas) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          waiting + updatedReplicas + " out of " + replicas + " new replicas have been updated");
    }
    if (currentReplicas > updatedReplicas) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          waiting + (currentReplicas - updatedReplicas) + " old replicas are pending termination");
    }
    if (availableReplicas < updatedReplicas) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          waiting
              + availableReplicas
              + " of "
              + updatedReplicas
              + " updated replicas are available");
    }
    return new RolloutVerdict(RolloutVerdict.State.DONE, id + " successfully rolled out");
  }

  /** True when kubectl would report this rollout done: {@code verdict().done()}. */
  public boolean complete() {
    return verdict().done();
  }

  /** kubectl's line for this status: {@code verdict().message()}. */
  public String describe() {
    return verdict().message();
  }
}
