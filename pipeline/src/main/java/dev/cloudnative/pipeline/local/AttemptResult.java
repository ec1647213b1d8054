package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.Status;
import java.util.Optional;
import java.util.OptionalInt;

/** Outcome of one attempt of a step. Immutable. */
record AttemptResult(Status status, OptionalInt exitCode, Optional<String> message) {

  static AttemptResult succeeded(OptionalInt exitCode) {
    return new AttemptResult(Status.SUCCEEDED, exitCode, Optional.empty());
  }

  static AttemptResult of(Status status, OptionalInt exitCode, String message) {
    return new AttemptResult(status, exitCode, Optional.ofNullable(message));
  }
}
