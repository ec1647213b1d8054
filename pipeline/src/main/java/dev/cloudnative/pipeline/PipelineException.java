package dev.cloudnative.pipeline;

/**
 * Base of every exception the pipeline module throws. Unchecked; immutable once thrown;
 * thread-safe.
 */
public class PipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String pipeline;

  /** An exception about {@code pipeline}. */
  public PipelineException(String pipeline, String message) {
    super(message);
    this.pipeline = pipeline;
  }

  /** An exception about {@code pipeline} with a cause. */
  public PipelineException(String pipeline, String message, Throwable cause) {
    super(message, cause);
    this.pipeline = pipeline;
  }

  /** The name of the pipeline concerned (may be {@code "?"} if it was not known yet). */
  public String pipeline() {
    return pipeline;
  }
}
