package dev.cloudnative.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Progress of one node's recovery as a coordinator drives it: the node's ranges (slices of the key
 * hash space, {@link StoreConfig#recoveryRanges()}) received so far out of all, and the keys and
 * bytes streamed to it from the other replicas. While a range is not received the node still takes
 * writes but does not count towards R, nor towards the newest value, for keys in that range.
 * Immutable and therefore thread-safe: a snapshot, taken again for fresh figures.
 *
 * @param nodeId the recovering node
 * @param incarnation the incarnation being filled (its token)
 * @param reason why the recovery started
 * @param rangesDone ranges received
 * @param rangesTotal all ranges
 * @param keysStreamed entries (tombstones included) sent to the node
 * @param bytesStreamed key and value bytes sent to the node
 * @param started when the coordinator noticed the node
 * @param completed when the last range was received, empty while recovering
 */
public record RecoveryProgress(
    String nodeId,
    String incarnation,
    RecoveryReason reason,
    int rangesDone,
    int rangesTotal,
    long keysStreamed,
    long bytesStreamed,
    Instant started,
    Optional<Instant> completed) {

  public RecoveryProgress {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(incarnation, "incarnation");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(completed, "completed");
    if (rangesTotal < 1 || rangesDone < 0 || rangesDone > rangesTotal) {
      throw new InvalidRequestException(
          "ranges must satisfy 0 <= done <= total, total >= 1; found "
              + rangesDone
              + " of "
              + rangesTotal);
    }
  }

  /** True once every range was received. */
  public boolean complete() {
    return completed.isPresent();
  }
}
