package dev.cloudnative.pipeline;

import java.util.List;

/**
 * A pipeline definition is invalid (unknown or duplicate name, cycle, empty stage or step,
 * malformed YAML). Carries every problem found, each naming the stage or step. Immutable,
 * thread-safe.
 */
public class InvalidPipelineException extends PipelineException {
  private final List<String> problems;

  /** Reports {@code problems} of {@code pipeline}. */
  public InvalidPipelineException(String pipeline, List<String> problems) {
    super(pipeline, "invalid pipeline '" + pipeline + "': " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Reports {@code problems} of {@code pipeline} caused by {@code cause}. */
  public InvalidPipelineException(String pipeline, List<String> problems, Throwable cause) {
    super(pipeline, "invalid pipeline '" + pipeline + "': " + String.join("; ", problems), cause);
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
