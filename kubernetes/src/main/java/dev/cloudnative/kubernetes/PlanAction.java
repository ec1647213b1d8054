package dev.cloudnative.kubernetes;

/**
 * What applying a spec would do to its object: create it, change some of its fields, or nothing.
 *
 * <p>Immutable enum, thread-safe.
 */
public enum PlanAction {
  /** The object does not exist; the apply creates it. */
  CREATE,
  /**
   * The object exists and the apply changes the fields listed in {@link PlannedChange#changes()}.
   */
  UPDATE,
  /** The object exists and the apply changes none of the compared fields. */
  UNCHANGED
}
