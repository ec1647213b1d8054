package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.AntiEntropyReport;
import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.RecoveryReason;
import dev.cloudnative.storage.StoreConfig;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What the coordinator records about itself: operation durations and outcomes, quorum failures,
 * read repairs, hints, anti-entropy figures and node health. {@link #of} gives the no-op recorder
 * when the config names no meter registry (the store then holds no meters at all and reads no
 * clock) and the Micrometer one otherwise. Implementations are thread-safe and resolve their meters
 * once, so a call on the coordinator's hot path neither looks a meter up nor allocates.
 */
abstract class StoreInstruments {

  /** The recorder {@code config} asks for. */
  static StoreInstruments of(StoreConfig config) {
    return config
        .meterRegistry()
        .<StoreInstruments>map(MicrometerStoreInstruments::new)
        .orElse(NoopStoreInstruments.INSTANCE);
  }

  /**
   * One operation that began at {@code start} (its {@code System.nanoTime()}, which the call reads
   * anyway for its deadline) has ended, successfully when {@code failure} is null; {@code
   * consistency} is null for an operation that has no consistency level.
   */
  abstract void record(
      StoreOperation operation, Consistency consistency, long start, RuntimeException failure);

  /** Read repair brought one stale or missing replica up to date. */
  abstract void readRepaired();

  /** A write for an unreachable replica was stored as a hint on another node. */
  abstract void hintWritten();

  /** {@code delivered} hints were replayed to their targets (and removed from their holders). */
  abstract void hintsReplayed(long delivered);

  /** An anti-entropy run compared {@code compared} entries and updated {@code repaired} copies. */
  abstract void antiEntropy(long compared, long repaired);

  /** A Merkle-tree anti-entropy cycle ended with {@code report}. */
  abstract void merkleRepair(AntiEntropyReport report);

  /** A node's recovery started for {@code reason}. */
  abstract void recoveryStarted(RecoveryReason reason);

  /**
   * {@code keys} entries of {@code bytes} key and value bytes were streamed to a recovering node.
   */
  abstract void recoveryStreamed(long keys, long bytes);

  /**
   * Registers the gauge of ranges recovering nodes have still to receive, read from {@code
   * pending}.
   */
  abstract void recoveryRangesPending(LongSupplier pending);

  /** Node {@code id} joined; {@code up} tells whether this coordinator sees it reachable. */
  abstract void nodeAdded(String id, BooleanSupplier up);

  /** Node {@code id} left the store. */
  abstract void nodeRemoved(String id);

  /** A node went down or came back: the hints it holds stop or start counting as pending. */
  abstract void healthChanged();

  /**
   * True, once, when hints may have been written, replayed or changed visibility since the last
   * {@link #pendingHints} figure, so the maintenance pass recounts only then (on Redis a count is a
   * keyspace scan); always false for the no-op recorder, which keeps no figure.
   */
  abstract boolean pendingHintsStale();

  /** The hints held on reachable nodes, as just counted. */
  abstract void pendingHints(long pending);

  /** The store closed: gauges, which would go on reporting it, leave the registry. Idempotent. */
  abstract void close();
}
