package dev.cloudnative.storage.replication;

import java.util.Locale;

/**
 * The store operations the coordinator measures: the {@code operation} tag of {@code
 * storage.operation.duration} and the name of each one's observation ({@code storage.} + tag).
 * Immutable (enum) and therefore thread-safe.
 */
enum StoreOperation {
  GET(true),
  PUT(true),
  DELETE(true),
  ANTI_ENTROPY(false),
  MERKLE_REPAIR(false),
  REPLAY_HINTS(false),
  PURGE_TOMBSTONES(false),
  ADD_NODE(false),
  REMOVE_NODE(false);

  private final boolean quorum;
  private final String tag;
  private final String observationName;

  StoreOperation(boolean quorum) {
    this.quorum = quorum;
    this.tag = name().toLowerCase(Locale.ROOT);
    this.observationName = "storage." + tag;
  }

  /** True for the reads and writes that have a consistency level and can miss their quorum. */
  boolean quorum() {
    return quorum;
  }

  /** The lowercase tag value: {@code get}, {@code anti_entropy}, ... */
  String tag() {
    return tag;
  }

  /** {@code storage.get}, {@code storage.anti_entropy}, ... */
  String observationName() {
    return observationName;
  }
}
