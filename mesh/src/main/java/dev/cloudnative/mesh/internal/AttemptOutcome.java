package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.MeshTimeoutException;
import java.util.Locale;

/**
 * How one attempt that reached an endpoint ended, as the {@code outcome} tag of {@code
 * mesh.request.duration} and the {@code reason} tag of {@code mesh.retries} show it: {@code
 * success}, {@code failure} (the attempt threw), {@code timeout} (it overran its time budget) or
 * {@code server_error} (it answered a 5xx status). Immutable and therefore thread-safe.
 */
enum AttemptOutcome {
  SUCCESS,
  FAILURE,
  TIMEOUT,
  SERVER_ERROR;

  private static final AttemptOutcome[] VALUES = values();

  /** The tag value, computed once so that recording never builds a string. */
  final String tag = name().toLowerCase(Locale.ROOT);

  /**
   * @param failure what the attempt threw, or {@code null} when it answered
   * @param failed whether the attempt counts as failed (an exception or a 5xx status)
   */
  static AttemptOutcome of(Throwable failure, boolean failed) {
    if (failure instanceof MeshTimeoutException) {
      return TIMEOUT;
    }
    if (failure != null) {
      return FAILURE;
    }
    return failed ? SERVER_ERROR : SUCCESS;
  }

  static int count() {
    return VALUES.length;
  }

  static AttemptOutcome at(int ordinal) {
    return VALUES[ordinal];
  }
}
