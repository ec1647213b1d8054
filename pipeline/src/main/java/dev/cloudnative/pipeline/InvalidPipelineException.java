package dev.cloudnative.pipeline;

import java.util.List;

/**
 * A pipeline definition is invalid (unknown or duplicate name, cycle, empty stage or step,
 * malformed YAML). Carries the pipeline's name and every problem found, each naming the stage or
 * step.
 *
 * <p>It is an {@link IllegalArgumentException}, not a {@link PipelineException}: an invalid
 * definition is a programming error of its author, while {@code catch (PipelineException e)} is for
 * operational failures (a report that cannot be written, a step kind the runner cannot execute, an
 * interrupted wait) and must not swallow it.
 *
 * <p>Immutable, thread-safe.
 */
public class InvalidPipelineException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String pipeline;
  private final List<String> problems;

  /** Reports {@code problems} of {@code pipeline}. */
  public InvalidPipelineException(String pipeline, List<String> problems) {
    this(pipeline, problems, null);
  }

  /** Reports {@code problems} of {@code pipeline} caused by {@code cause}. */
  public InvalidPipelineException(String pipeline, List<String> problems, Throwable cause) {
    super("invalid pipeline '" + pipeline + "': " + String.join("; ", problems), cause);
    this.pipeline = pipeline;
    this.problems = List.copyOf(problems);
  }

  /** The name of the pipeline concerned ({@code "?"} if it was not known yet). */
  public String pipeline() {
    return pipeline;
  }

  /** Every problem found, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
