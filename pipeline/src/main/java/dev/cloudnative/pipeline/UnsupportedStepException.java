package dev.cloudnative.pipeline;

/**
 * A runner cannot execute a kind of step in a pipeline (for example a container step on a local
 * runner without a container executor). Thrown before anything runs. Immutable, thread-safe.
 */
public class UnsupportedStepException extends PipelineException {
  private static final long serialVersionUID = 1L;
  private final String stage;
  private final String step;

  /** Step {@code step} of {@code stage} in {@code pipeline} cannot run here, for {@code reason}. */
  public UnsupportedStepException(String pipeline, String stage, String step, String reason) {
    super(pipeline, "step '" + step + "' of stage '" + stage + "' cannot run: " + reason);
    this.stage = stage;
    this.step = step;
  }

  /** The stage of the step. */
  public String stage() {
    return stage;
  }

  /** The step. */
  public String step() {
    return step;
  }
}
