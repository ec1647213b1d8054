package dev.cloudnative.kubernetes;

/**
 * How a live object compares with what the SDK last applied to it.
 *
 * <p>Immutable enum, thread-safe.
 */
public enum DriftStatus {
  /** Every field the SDK applied still has the applied value. */
  IN_SYNC,
  /** Some fields the SDK applied have another value now, or are gone. */
  DRIFTED,
  /**
   * The object does not exist. On the embedded cluster the SDK had applied it; on a real API server
   * the record of the apply lives on the object and goes with it, so an object the SDK never
   * applied reads the same.
   */
  MISSING,
  /**
   * The object exists but carries no record of an SDK apply (created by another tool, or before the
   * SDK recorded what it applies), so there is nothing to compare with.
   */
  NOT_APPLIED
}
