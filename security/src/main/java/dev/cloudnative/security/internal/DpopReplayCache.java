package dev.cloudnative.security.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code jti}s of accepted DPoP proofs, each until its proof could no longer be accepted. The
 * bound is hard: when every slot holds an unexpired proof, {@link #remember} answers {@link
 * Outcome#FULL} instead of forgetting one (forgetting would let that proof be replayed).
 *
 * <p>Entries are kept in insertion order and every entry lives the same time, so the expired ones
 * are always at the head and each call purges them in time proportional to what it removes.
 *
 * <p>Thread-safety: thread-safe; one lock guards the map, held only for a map lookup and insert.
 */
public final class DpopReplayCache {

  /** What {@link #remember} found. */
  public enum Outcome {
    /** First sighting: the proof is now remembered. */
    NEW,
    /** Seen before and not yet expired: a replay. */
    SEEN,
    /** Every slot is taken by an unexpired proof. */
    FULL
  }

  private final int capacity;
  private final long lifetimeMillis;
  private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();

  public DpopReplayCache(int capacity, long lifetimeMillis) {
    this.capacity = capacity;
    this.lifetimeMillis = lifetimeMillis;
  }

  /** Records {@code key} at {@code nowMillis} unless it is already there or the cache is full. */
  public synchronized Outcome remember(String key, long nowMillis) {
    Iterator<Map.Entry<String, Long>> it = expiries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue() > nowMillis) {
        break;
      }
      it.remove();
    }
    if (expiries.containsKey(key)) {
      return Outcome.SEEN;
    }
    if (expiries.size() >= capacity) {
      return Outcome.FULL;
    }
    expiries.put(key, nowMillis + lifetimeMillis);
    return Outcome.NEW;
  }

  /** How many proofs are remembered (expired ones included until the next call purges them). */
  public synchronized int size() {
    return expiries.size();
  }
}
