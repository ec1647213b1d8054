package dev.cloudnative.kubernetes;

/**
 * Receives the progress of a rollout wait: called with each observed status that differs from the
 * previous one, on the waiting thread. Implementations need no thread-safety beyond that.
 */
@FunctionalInterface
public interface RolloutListener {
  /** A listener that ignores progress. */
  RolloutListener NONE = status -> {};

  void onProgress(RolloutStatus status);
}
