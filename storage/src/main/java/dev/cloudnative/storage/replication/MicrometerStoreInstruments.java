package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.AntiEntropyReport;
import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.RecoveryReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The store's meters in a Micrometer registry (names, tags and meaning in the storage README).
 * Counters and gauges are registered when the store is created (node gauges when a node joins);
 * each {@code storage.operation.duration} timer is registered the first time its operation,
 * consistency and outcome occur and then kept in a slot of a fixed array, so a measured call reads
 * an array element and never asks the registry: nothing is looked up or allocated per call, and
 * outcomes that never happen add no series. Timers keep Micrometer's defaults (count, total, max;
 * no percentile histogram unless the user's registry configures one). Durations are {@code
 * System.nanoTime()} differences from the reading the call takes anyway for its deadline, not the
 * registry's clock: that spares one clock reading per call. Thread-safe: the slots are an {@link
 * AtomicReferenceArray} (two threads resolving the same slot get the same timer from the registry)
 * and the meters are Micrometer's.
 */
final class MicrometerStoreInstruments extends StoreInstruments {
  static final String DURATION = "storage.operation.duration";
  static final String QUORUM_FAILURES = "storage.quorum.failures";
  static final String READ_REPAIRS = "storage.read.repairs";
  static final String HINTS_PENDING = "storage.hints.pending";
  static final String HINTS_WRITTEN = "storage.hints.written";
  static final String HINTS_REPLAYED = "storage.hints.replayed";
  static final String ANTI_ENTROPY_SCANNED = "storage.anti_entropy.entries.scanned";
  static final String ANTI_ENTROPY_UPDATED = "storage.anti_entropy.replicas.updated";
  static final String NODE_UP = "storage.node.up";
  static final String MERKLE_RANGES = "storage.merkle.ranges.compared";
  static final String MERKLE_LEAVES = "storage.merkle.leaves.differing";
  static final String MERKLE_REPAIRED = "storage.merkle.keys.repaired";
  static final String MERKLE_BYTES = "storage.merkle.bytes.moved";
  static final String RECOVERIES = "storage.recoveries";
  static final String RECOVERY_KEYS = "storage.recovery.keys.streamed";
  static final String RECOVERY_BYTES = "storage.recovery.bytes.streamed";
  static final String RECOVERY_PENDING = "storage.recovery.ranges.pending";
  private static final RecoveryReason[] REASONS = RecoveryReason.values();

  private static final Consistency[] LEVELS = Consistency.values();

  /** Consistency slots: every level plus "none" for operations without one. */
  private static final int CONSISTENCIES = LEVELS.length + 1;

  private static final int NONE = LEVELS.length;
  private static final StoreOperation[] OPERATIONS = StoreOperation.values();
  private static final StoreOutcome[] OUTCOMES = StoreOutcome.values();

  private final MeterRegistry registry;
  private final AtomicReferenceArray<Timer> timers;
  private final Counter[] quorumFailures;
  private final Counter readRepairs;
  private final Counter hintsWritten;
  private final Counter hintsReplayed;
  private final Counter antiEntropyCompared;
  private final Counter antiEntropyRepaired;
  private final Counter[] recoveries = new Counter[REASONS.length];
  private final Counter merkleRanges;
  private final Counter merkleLeaves;
  private final Counter merkleRepaired;
  private final Counter merkleBytes;
  private final Counter recoveryKeys;
  private final Counter recoveryBytes;
  private volatile Gauge recoveryPendingGauge;
  private final AtomicLong pending = new AtomicLong();
  private final Gauge pendingGauge;
  private final Map<String, Gauge> nodeGauges = new ConcurrentHashMap<>();
  // Starts stale so that the first maintenance pass counts hints persisted before this store.
  private volatile boolean pendingStale = true;
  private volatile boolean closed;

  MicrometerStoreInstruments(MeterRegistry registry) {
    this.registry = registry;
    this.timers = new AtomicReferenceArray<>(OPERATIONS.length * CONSISTENCIES * OUTCOMES.length);
    this.quorumFailures = new Counter[OPERATIONS.length * CONSISTENCIES];
    for (StoreOperation op : OPERATIONS) {
      if (op.quorum()) {
        for (Consistency c : LEVELS) {
          quorumFailures[op.ordinal() * CONSISTENCIES + c.ordinal()] =
              Counter.builder(QUORUM_FAILURES)
                  .description(
                      "Reads and writes that ended with fewer replica answers than their level")
                  .tag("operation", op.tag())
                  .tag("consistency", consistencyTag(c.ordinal()))
                  .register(registry);
        }
      }
    }
    this.readRepairs =
        Counter.builder(READ_REPAIRS)
            .description("Stale or missing replicas brought up to date by a read")
            .register(registry);
    this.hintsWritten =
        Counter.builder(HINTS_WRITTEN)
            .description("Writes for an unreachable replica stored as a hint on another node")
            .register(registry);
    this.hintsReplayed =
        Counter.builder(HINTS_REPLAYED)
            .description("Hints delivered to their target replica and removed")
            .register(registry);
    this.antiEntropyCompared =
        Counter.builder(ANTI_ENTROPY_SCANNED)
            .description(
                "Entries anti-entropy runs read on every reachable node and pushed to their owners")
            .register(registry);
    this.antiEntropyRepaired =
        Counter.builder(ANTI_ENTROPY_UPDATED)
            .description("Replica copies anti-entropy runs found stale or missing and updated")
            .register(registry);
    for (RecoveryReason r : REASONS) {
      recoveries[r.ordinal()] =
          Counter.builder(RECOVERIES)
              .description(
                  "Recoveries started for a node that came back without its data or was replaced")
              .tag("reason", r.tag())
              .register(registry);
    }
    this.merkleRanges =
        Counter.builder(MERKLE_RANGES)
            .description("(Node pair, range) hash trees Merkle anti-entropy cycles compared")
            .register(registry);
    this.merkleLeaves =
        Counter.builder(MERKLE_LEAVES)
            .description("Tree leaves whose hashes differed between two replicas")
            .register(registry);
    this.merkleRepaired =
        Counter.builder(MERKLE_REPAIRED)
            .description("Replica copies Merkle anti-entropy found stale or missing and updated")
            .register(registry);
    this.merkleBytes =
        Counter.builder(MERKLE_BYTES)
            .description("Key and value bytes of differing leaves sent between replicas")
            .baseUnit("bytes")
            .register(registry);
    this.recoveryKeys =
        Counter.builder(RECOVERY_KEYS)
            .description("Entries streamed to recovering nodes from the other replicas")
            .register(registry);
    this.recoveryBytes =
        Counter.builder(RECOVERY_BYTES)
            .description("Key and value bytes streamed to recovering nodes")
            .baseUnit("bytes")
            .register(registry);
    this.pendingGauge =
        Gauge.builder(HINTS_PENDING, pending, AtomicLong::get)
            .description(
                "Hints held on reachable nodes, recounted by the maintenance pass after a change")
            .strongReference(true)
            .register(registry);
  }

  private static String consistencyTag(int slot) {
    return slot == NONE ? "none" : LEVELS[slot].name().toLowerCase(Locale.ROOT);
  }

  @Override
  void record(
      StoreOperation operation, Consistency consistency, long start, RuntimeException failure) {
    long elapsed = System.nanoTime() - start;
    StoreOutcome outcome = StoreOutcome.of(failure);
    int level = consistency == null ? NONE : consistency.ordinal();
    int slot = (operation.ordinal() * CONSISTENCIES + level) * OUTCOMES.length + outcome.ordinal();
    Timer timer = timers.get(slot);
    if (timer == null) {
      timer = resolve(slot, operation, level, outcome);
    }
    timer.record(elapsed, TimeUnit.NANOSECONDS);
    if (outcome == StoreOutcome.QUORUM_NOT_REACHED && operation.quorum() && level != NONE) {
      quorumFailures[operation.ordinal() * CONSISTENCIES + level].increment();
    }
  }

  /** First use of a slot: registers (or finds) its timer and keeps it. */
  private Timer resolve(int slot, StoreOperation operation, int level, StoreOutcome outcome) {
    Timer timer =
        Timer.builder(DURATION)
            .description("Store operations, from the call to its return or throw")
            .tag("operation", operation.tag())
            .tag("consistency", consistencyTag(level))
            .tag("outcome", outcome.tag())
            .register(registry);
    timers.set(slot, timer);
    return timer;
  }

  @Override
  void readRepaired() {
    readRepairs.increment();
  }

  @Override
  void hintWritten() {
    hintsWritten.increment();
    pendingStale = true;
  }

  @Override
  void hintsReplayed(long delivered) {
    if (delivered > 0) {
      hintsReplayed.increment(delivered);
      pendingStale = true;
    }
  }

  @Override
  void antiEntropy(long compared, long repaired) {
    antiEntropyCompared.increment(compared);
    antiEntropyRepaired.increment(repaired);
  }

  @Override
  void merkleRepair(AntiEntropyReport report) {
    merkleRanges.increment(report.rangesCompared());
    merkleLeaves.increment(report.leavesDiffering());
    merkleRepaired.increment(report.keysRepaired());
    merkleBytes.increment(report.bytesMoved());
  }

  @Override
  void recoveryStarted(RecoveryReason reason) {
    recoveries[reason.ordinal()].increment();
  }

  @Override
  void recoveryStreamed(long keys, long bytes) {
    recoveryKeys.increment(keys);
    recoveryBytes.increment(bytes);
  }

  @Override
  void recoveryRangesPending(LongSupplier supplier) {
    recoveryPendingGauge =
        Gauge.builder(RECOVERY_PENDING, supplier, s -> s.getAsLong())
            .description("Ranges recovering nodes have still to receive from the other replicas")
            .strongReference(true)
            .register(registry);
  }

  @Override
  void nodeAdded(String id, BooleanSupplier up) {
    // A gauge holds its object weakly by default; the supplier has no other owner, so it is held
    // strongly here and the gauge is removed when the node leaves or the store closes.
    Gauge g =
        Gauge.builder(NODE_UP, up, s -> s.getAsBoolean() ? 1 : 0)
            .description("1 while this store sees the node reachable, 0 while it is marked down")
            .tag("node", id)
            .strongReference(true)
            .register(registry);
    Gauge previous = nodeGauges.put(id, g);
    if (previous != null && previous != g) {
      registry.remove(previous);
    }
    if (closed) {
      close();
    }
  }

  @Override
  void nodeRemoved(String id) {
    Gauge g = nodeGauges.remove(id);
    if (g != null) {
      registry.remove(g);
    }
    pendingStale = true;
  }

  @Override
  void healthChanged() {
    pendingStale = true;
  }

  @Override
  boolean pendingHintsStale() {
    if (!pendingStale) {
      return false;
    }
    // Cleared before the count: a hint written while counting marks it stale again.
    pendingStale = false;
    return true;
  }

  @Override
  void pendingHints(long n) {
    pending.set(n);
  }

  @Override
  void close() {
    closed = true;
    registry.remove(pendingGauge);
    Gauge g = recoveryPendingGauge;
    if (g != null) {
      registry.remove(g);
    }
    for (String id : nodeGauges.keySet()) {
      nodeRemoved(id);
    }
  }
}
