package dev.cloudnative.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Outcome of one Merkle-tree anti-entropy cycle: for every pair of reachable nodes that replicate
 * keys in common, each range's hash tree (over key and version) was compared and only the entries
 * of differing leaves were exchanged: their (key, version) digests, then the entries one side held
 * newer. Immutable and therefore thread-safe.
 *
 * @param rangesCompared (node pair, range) trees compared
 * @param leavesDiffering leaves whose hashes differed, over all pairs
 * @param entriesScanned entries read to build the trees and to find the differing leaves' entries
 * @param keysRepaired replica copies that were stale or missing and got the newer version
 * @param bytesMoved key and value bytes of the entries sent between replicas (only those that
 *     differed)
 * @param hashBytes bytes exchanged to find them: tree hashes (8 per side per tree node compared)
 *     and the (key, 16-byte version) digests of the differing leaves' entries
 * @param duration how long the cycle took
 * @param finished when it finished
 */
public record AntiEntropyReport(
    long rangesCompared,
    long leavesDiffering,
    long entriesScanned,
    long keysRepaired,
    long bytesMoved,
    long hashBytes,
    Duration duration,
    Instant finished) {

  public AntiEntropyReport {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(finished, "finished");
    if (rangesCompared < 0
        || leavesDiffering < 0
        || entriesScanned < 0
        || keysRepaired < 0
        || bytesMoved < 0
        || hashBytes < 0) {
      throw new InvalidRequestException("anti-entropy figures must be >= 0");
    }
  }
}
