package dev.cloudnative.kubernetes;

/**
 * What happens to the dependents (a deployment's ReplicaSets and pods, a Job's or a StatefulSet's
 * pods) when their owner is deleted. Immutable enum, thread-safe.
 */
public enum Propagation {
  /** Delete the owner now, its dependents in the background (the API default). */
  BACKGROUND,
  /** Delete the dependents first; the owner disappears once they are gone. */
  FOREGROUND,
  /** Keep the dependents, removing their owner reference. */
  ORPHAN
}
