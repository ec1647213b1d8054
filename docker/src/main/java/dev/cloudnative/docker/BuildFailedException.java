package dev.cloudnative.docker;

import java.util.List;

/**
 * An image build failed. Carries the failing step (e.g. {@code Step 3/4 : RUN ["false"]}) and the
 * last lines of the build log.
 *
 * <p>Immutable and thread-safe.
 */
public class BuildFailedException extends DockerException {
  private static final long serialVersionUID = 1L;
  private final String failedStep;
  private final List<String> logTail;

  public BuildFailedException(
      String error,
      String failedStep,
      List<String> logTail,
      String endpoint,
      String resource,
      Throwable cause) {
    super(
        "image build failed at "
            + (failedStep.isEmpty() ? "<unknown step>" : failedStep)
            + ": "
            + error
            + (logTail.isEmpty() ? "" : "\n--- build log tail ---\n" + String.join("\n", logTail)),
        endpoint,
        resource,
        cause);
    this.failedStep = failedStep;
    this.logTail = List.copyOf(logTail);
  }

  /**
   * The step line the build was executing when it failed, empty if the engine failed before any
   * step.
   */
  public String failedStep() {
    return failedStep;
  }

  /** The last lines of the build output (at most 30). */
  public List<String> logTail() {
    return logTail;
  }
}
