package dev.cloudnative.storage;

import dev.cloudnative.storage.hash.AnchorLocator;
import dev.cloudnative.storage.hash.JumpLocator;
import dev.cloudnative.storage.hash.KetamaLocator;
import dev.cloudnative.storage.hash.MaglevLocator;
import dev.cloudnative.storage.hash.RingLocator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The consistent-hashing algorithms a store can place keys with. Thread-safe (enum). */
public enum Placement {
  /** Virtual-node ring over a sorted primitive array, 64-bit murmur3 key hash. The default. */
  RING,
  /**
   * libketama/spymemcached-compatible ring: MD5, 160 points per weight unit, spymemcached point
   * names.
   */
  KETAMA,
  /** Maglev lookup table (prime size, default 65537): O(1) lookups, near-perfect balance. */
  MAGLEV,
  /**
   * Jump consistent hash: no memory, perfect balance, nodes can only be appended or dropped from
   * the end.
   */
  JUMP,
  /** AnchorHash: minimal disruption when any node is removed, O(1) expected lookups. */
  ANCHOR;

  /** Builds a locator over {@code nodes} (id to weight, in order) with default parameters. */
  public NodeLocator create(Map<String, Integer> nodes) {
    Objects.requireNonNull(nodes, "nodes");
    if (nodes.isEmpty()) {
      throw new InvalidRequestException("a locator needs at least one node, found none");
    }
    Map<String, Integer> copy = new LinkedHashMap<>(nodes);
    return switch (this) {
      case RING -> RingLocator.of(copy);
      case KETAMA -> KetamaLocator.of(copy);
      case MAGLEV -> MaglevLocator.of(copy);
      case JUMP -> JumpLocator.of(copy);
      case ANCHOR -> AnchorLocator.of(copy);
    };
  }
}
