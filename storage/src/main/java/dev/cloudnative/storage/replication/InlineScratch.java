package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.VersionedValue;
import java.util.Arrays;

/**
 * Per-thread scratch arrays for the coordinator's inline path (every replica in memory and up): the
 * preference list the locator fills ({@code preferenceList(hash, count, out)}), the replicas it
 * names and the values they returned. Reusing them instead of allocating an {@code int[]}, a {@code
 * String[]}, a list and a quorum collector per call is most of what keeps a put or get over
 * in-memory nodes within a few hundred bytes. Not thread-safe: one instance per thread, held by a
 * {@link ThreadLocal}, and used by one call at a time (nodes never call back into the store).
 */
final class InlineScratch {
  private static final ThreadLocal<InlineScratch> CURRENT =
      ThreadLocal.withInitial(InlineScratch::new);

  int[] prefs = new int[8];
  StorageNode[] nodes = new StorageNode[8];
  VersionedValue[] replies = new VersionedValue[8];

  private InlineScratch() {}

  /** This thread's scratch, with room for {@code n} replicas. */
  static InlineScratch get(int n) {
    InlineScratch s = CURRENT.get();
    if (s.prefs.length < n) {
      // Only a replication factor above 8 grows it, once per thread.
      s.prefs = new int[n];
      s.nodes = new StorageNode[n];
      s.replies = new VersionedValue[n];
    }
    return s;
  }

  /** Drops references so a parked thread does not keep nodes or values alive. */
  void clear(int n) {
    Arrays.fill(nodes, 0, n, null);
    Arrays.fill(replies, 0, n, null);
  }
}
