package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.ReplicaFailure;
import dev.cloudnative.storage.VersionedValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects replica outcomes of one operation and wakes the caller once every replica group has its
 * required acknowledgements, once that has become impossible, or at the deadline. During a
 * membership change a write has two groups (old and new owners) that must each reach W. Thread-safe
 * (monitor).
 */
final class Quorum {
  private final List<List<String>> groups;
  private final int required;
  private final int targets;
  private final Map<String, Optional<VersionedValue>> successes = new LinkedHashMap<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private Runnable onAllDone;

  Quorum(List<List<String>> groups, int required, int targets) {
    this.groups = groups;
    this.required = required;
    this.targets = targets;
  }

  synchronized void success(String node, Optional<VersionedValue> read) {
    if (!successes.containsKey(node) && !failures.containsKey(node)) {
      successes.put(node, read);
      wakeIfDecided();
      maybeDone();
    }
  }

  synchronized void failure(String node, String reason) {
    if (!successes.containsKey(node) && !failures.containsKey(node)) {
      failures.put(node, reason);
      wakeIfDecided();
      maybeDone();
    }
  }

  /**
   * Wakes the waiting caller only when its wait is over (quorum reached or out of reach): a reply
   * that decides nothing would only make it re-check and wait again, a context switch per reply.
   */
  private void wakeIfDecided() {
    if (satisfied() || impossible()) {
      notifyAll();
    }
  }

  /** Runs {@code r} once every target has answered (immediately if they already have). */
  void whenAllDone(Runnable r) {
    boolean now;
    synchronized (this) {
      now = successes.size() + failures.size() >= targets;
      if (!now) {
        onAllDone = r;
      }
    }
    if (now) {
      r.run();
    }
  }

  private void maybeDone() {
    if (onAllDone != null && successes.size() + failures.size() >= targets) {
      Runnable r = onAllDone;
      onAllDone = null;
      // Run outside the monitor would be nicer, but r only schedules work.
      r.run();
    }
  }

  private boolean satisfied() {
    for (List<String> g : groups) {
      int ok = 0;
      for (String n : g) {
        if (successes.containsKey(n)) {
          ok++;
        }
      }
      if (ok < Math.min(required, g.size())) {
        return false;
      }
    }
    return true;
  }

  private boolean impossible() {
    for (List<String> g : groups) {
      int failed = 0;
      for (String n : g) {
        if (failures.containsKey(n)) {
          failed++;
        }
      }
      if (g.size() - failed < Math.min(required, g.size())) {
        return true;
      }
    }
    return false;
  }

  /** Waits until satisfied, impossible or the deadline; returns whether the quorum was reached. */
  synchronized boolean await(long deadlineNanos) throws InterruptedException {
    while (!satisfied()) {
      if (impossible()) {
        return false;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(left / 1_000_000, (int) (left % 1_000_000));
    }
    return true;
  }

  /** Acknowledgements in the first (authoritative) group. */
  synchronized int acknowledged() {
    int ok = 0;
    for (String n : groups.get(0)) {
      if (successes.containsKey(n)) {
        ok++;
      }
    }
    return ok;
  }

  synchronized List<ReplicaFailure> failures(List<String> all, long timeoutMillis) {
    List<ReplicaFailure> out = new ArrayList<>();
    for (String n : all) {
      if (failures.containsKey(n)) {
        out.add(new ReplicaFailure(n, failures.get(n)));
      } else if (!successes.containsKey(n)) {
        out.add(new ReplicaFailure(n, "no answer within " + timeoutMillis + " ms"));
      }
    }
    return out;
  }

  /** The newest value among the replies so far (null: none holds the key), without a copy. */
  synchronized VersionedValue newest() {
    VersionedValue best = null;
    for (Optional<VersionedValue> r : successes.values()) {
      if (r.isPresent() && (best == null || r.get().isNewerThan(best))) {
        best = r.get();
      }
    }
    return best;
  }

  /** Snapshot of replies so far. */
  synchronized Map<String, Optional<VersionedValue>> replies() {
    return new LinkedHashMap<>(successes);
  }
}
