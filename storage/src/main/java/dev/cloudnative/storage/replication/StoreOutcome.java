package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.QuorumNotReachedException;
import java.util.Locale;

/**
 * How a measured store operation ended: the {@code outcome} tag of {@code
 * storage.operation.duration}. Immutable (enum) and therefore thread-safe.
 */
enum StoreOutcome {
  SUCCESS,
  /**
   * Fewer replicas than the consistency level answered in time ({@link QuorumNotReachedException}).
   */
  QUORUM_NOT_REACHED,
  /** The caller's input was refused (an {@link IllegalArgumentException}, no side effect). */
  INVALID_REQUEST,
  /** Anything else: an interrupted wait, a close racing the call, a node failure not handled. */
  FAILURE;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** The lowercase tag value. */
  String tag() {
    return tag;
  }

  /** The outcome of an operation that threw {@code failure}, or succeeded when it is null. */
  static StoreOutcome of(RuntimeException failure) {
    if (failure == null) {
      return SUCCESS;
    }
    if (failure instanceof QuorumNotReachedException) {
      return QUORUM_NOT_REACHED;
    }
    if (failure instanceof IllegalArgumentException) {
      return INVALID_REQUEST;
    }
    return FAILURE;
  }
}
