package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.Incarnation;
import dev.cloudnative.storage.RecoveryProgress;
import dev.cloudnative.storage.RecoveryReason;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's recovery as the coordinator drives it: which ranges the node has received, and the
 * keys and bytes streamed to it. The read path asks {@link #received} without locking or allocating
 * (an atomic array read). Thread-safe: the recovery thread writes, readers read atomics and
 * volatiles.
 */
final class NodeRecovery {
  final String nodeId;
  final Incarnation incarnation;
  final RecoveryReason reason;
  private final AtomicIntegerArray received;
  private final Instant started;
  private final AtomicLong keys = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile int done;
  private volatile Instant completed;

  NodeRecovery(String nodeId, Incarnation incarnation, RecoveryReason reason, int ranges) {
    this.nodeId = nodeId;
    this.incarnation = incarnation;
    this.reason = reason;
    this.received = new AtomicIntegerArray(ranges);
    this.started = Instant.now();
  }

  int ranges() {
    return received.length();
  }

  /** Whether range {@code r} has been received, so the node counts for keys in it. */
  boolean received(int r) {
    return received.get(r) != 0;
  }

  /** The first range not received yet, or -1 when all are. */
  int nextPending() {
    for (int i = 0; i < received.length(); i++) {
      if (received.get(i) == 0) {
        return i;
      }
    }
    return -1;
  }

  int pending() {
    return received.length() - done;
  }

  void markReceived(int r) {
    if (received.compareAndSet(r, 0, 1)) {
      synchronized (this) {
        done++;
      }
    }
  }

  void streamed(long keyCount, long byteCount) {
    keys.addAndGet(keyCount);
    bytes.addAndGet(byteCount);
  }

  void complete() {
    completed = Instant.now();
  }

  boolean isComplete() {
    return completed != null;
  }

  RecoveryProgress snapshot() {
    return new RecoveryProgress(
        nodeId,
        incarnation.token(),
        reason,
        done,
        received.length(),
        keys.get(),
        bytes.get(),
        started,
        Optional.ofNullable(completed));
  }
}
