package dev.cloudnative.storage;

/**
 * How many of the N replicas must acknowledge a read or write. Choosing W + R &gt; N (e.g. QUORUM
 * for both) gives read-your-writes. Thread-safe (enum).
 */
public enum Consistency {
  /** One replica. */
  ONE,
  /** A majority: N / 2 + 1. */
  QUORUM,
  /** All N replicas. */
  ALL;

  /** The number of acknowledgements this level needs with replication factor {@code n}. */
  public int required(int n) {
    return switch (this) {
      case ONE -> 1;
      case QUORUM -> n / 2 + 1;
      case ALL -> n;
    };
  }
}
