package dev.cloudnative.kubernetes;

/**
 * One observation of an object whose kind has a readiness rule (a DaemonSet's rollout, a
 * PersistentVolumeClaim's binding, a Service's endpoints, ...), judged by that rule in {@link
 * #verdict()}. Every {@code await...} method of {@link Cluster} for these kinds ends on the
 * verdict, and an {@link AwaitTimeoutException} carries the last observation.
 *
 * <p>Implementations are immutable records and therefore thread-safe.
 */
public interface ReadinessStatus {

  /** The object's kind as the API spells it, e.g. {@code DaemonSet}. */
  String kind();

  String namespace();

  String name();

  /** The kind's rule applied to this observation: done, waiting (with the unmet rule) or failed. */
  RolloutVerdict verdict();

  /** True when the rule is met: {@code verdict().done()}. */
  default boolean complete() {
    return verdict().done();
  }

  /** The rule's line for this observation: {@code verdict().message()}. */
  default String describe() {
    return verdict().message();
  }
}
