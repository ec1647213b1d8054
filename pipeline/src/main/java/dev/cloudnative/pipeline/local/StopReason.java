package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.Status;

/** Why running work is being stopped; maps to the status the stopped step gets. */
enum StopReason {
  CANCELLED(Status.CANCELLED, "run cancelled"),
  FAIL_FAST(Status.CANCELLED, "cancelled by fail-fast"),
  MATRIX_FAIL_FAST(Status.CANCELLED, "cancelled by the matrix's fail-fast: a combination failed"),
  RUN_TIMEOUT(Status.TIMED_OUT, "run timeout elapsed"),
  FINALLY_TIMEOUT(Status.TIMED_OUT, "finally timeout elapsed");

  final Status status;
  final String text;

  StopReason(Status status, String text) {
    this.status = status;
    this.text = text;
  }
}
