package dev.cloudnative.kubernetes;

/**
 * One observation of a deployment's rollout, with {@code kubectl rollout status} semantics: the
 * rollout is complete only when the controller has observed the current generation and every
 * desired replica is updated and available, with none unavailable. Old pods that are ready do not
 * count, so a wait cannot return early on the previous ReplicaSet.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the deployment's namespace
 * @param name the deployment's name
 * @param generation {@code metadata.generation}: bumped by the API server on every spec change
 * @param observedGeneration the generation the deployment controller has acted upon
 * @param replicas desired replicas ({@code spec.replicas})
 * @param currentReplicas pods of any revision the controller counts ({@code status.replicas})
 * @param updatedReplicas pods running the current template
 * @param readyReplicas pods passing readiness
 * @param availableReplicas pods ready for at least {@code minReadySeconds}
 * @param unavailableReplicas desired pods not yet available
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
    int unavailableReplicas) {

  /** True when the current generation is observed and fully updated and available. */
  public boolean complete() {
    return observedGeneration >= generation
        && updatedReplicas == replicas
        && currentReplicas == replicas
        && availableReplicas == replicas
        && unavailableReplicas == 0;
  }

  /** A one-line, kubectl-like account of what the rollout is waiting for. */
  public String describe() {
    String id = "deployment \"" + namespace + "/" + name + "\"";
    if (observedGeneration < generation) {
      return "Waiting for "
          + id
          + " spec update to be observed (generation "
          + generation
          + ", observed "
          + observedGeneration
          + ")";
    }
    if (updatedReplicas < replicas) {
      return "Waiting for "
          + id
          + " rollout to finish: "
          + updatedReplicas
          + " out of "
          + replicas
          + " new replicas have been updated";
    }
    if (currentReplicas > updatedReplicas) {
      return "Waiting for "
          + id
          + " rollout to finish: "
          + (currentReplicas - updatedReplicas)
          + " old replicas are pending termination";
    }
    if (availableReplicas < updatedReplicas || unavailableReplicas > 0) {
      return "Waiting for "
          + id
          + " rollout to finish: "
          + availableReplicas
          + " of "
          + updatedReplicas
          + " updated replicas are available";
    }
    return id + " successfully rolled out";
  }
}
