package dev.cloudnative.storage;

import dev.cloudnative.storage.hash.Movement;
import java.util.List;

/**
 * What a membership change moved: the fraction of the hash space whose primary changed, the arcs
 * that moved (ring locators only, empty otherwise), whether the fraction is exact (rings and
 * Maglev) or estimated from 2^20 sample hashes (jump, AnchorHash), and — when a store streamed real
 * data — how many keys changed owners and how many replica copies were streamed. Immutable.
 *
 * @param movedFraction fraction of the hash space whose primary owner changed
 * @param ranges the moved arcs (ring locators), possibly empty
 * @param exact whether movedFraction is exact
 * @param keysMoved keys whose replica set changed, or -1 when no data was involved
 * @param copiesStreamed replica copies written to new owners, or -1 when no data was involved
 */
public record Rebalance(
    double movedFraction,
    List<MovedRange> ranges,
    boolean exact,
    long keysMoved,
    long copiesStreamed) {

  public Rebalance {
    ranges = List.copyOf(ranges);
  }

  /** Compares two locators over the same hash space. */
  public static Rebalance between(NodeLocator before, NodeLocator after) {
    return Movement.between(before, after);
  }

  /** This report with key counts from a data stream. */
  public Rebalance withKeys(long keysMoved, long copiesStreamed) {
    return new Rebalance(movedFraction, ranges, exact, keysMoved, copiesStreamed);
  }
}
