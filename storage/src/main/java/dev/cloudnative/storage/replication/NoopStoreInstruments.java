package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.AntiEntropyReport;
import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.RecoveryReason;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The recorder of a store configured without a meter registry: it holds no meter, reads no clock
 * and does nothing, so each hook costs the caller a call the JIT inlines away (the one clock
 * reading of a get, put or delete is its deadline's, which it pays with or without meters).
 * Stateless and therefore thread-safe.
 */
final class NoopStoreInstruments extends StoreInstruments {
  static final NoopStoreInstruments INSTANCE = new NoopStoreInstruments();

  private NoopStoreInstruments() {}

  @Override
  void record(
      StoreOperation operation, Consistency consistency, long start, RuntimeException failure) {
    // no meters: nothing to record
  }

  @Override
  void readRepaired() {
    // no meters: nothing to record
  }

  @Override
  void hintWritten() {
    // no meters: nothing to record
  }

  @Override
  void hintsReplayed(long delivered) {
    // no meters: nothing to record
  }

  @Override
  void antiEntropy(long compared, long repaired) {
    // no meters: nothing to record
  }

  @Override
  void merkleRepair(AntiEntropyReport report) {
    // no meters: nothing to record
  }

  @Override
  void recoveryStarted(RecoveryReason reason) {
    // no meters: nothing to record
  }

  @Override
  void recoveryStreamed(long keys, long bytes) {
    // no meters: nothing to record
  }

  @Override
  void recoveryRangesPending(LongSupplier pending) {
    // no meters: no gauge to register
  }

  @Override
  void nodeAdded(String id, BooleanSupplier up) {
    // no meters: no gauge to register
  }

  @Override
  void nodeRemoved(String id) {
    // no meters: no gauge to remove
  }

  @Override
  void healthChanged() {
    // no meters: no pending-hints figure to refresh
  }

  @Override
  boolean pendingHintsStale() {
    return false;
  }

  @Override
  void pendingHints(long pending) {
    // no meters: nothing to record
  }

  @Override
  void close() {
    // no meters: nothing registered
  }
}
