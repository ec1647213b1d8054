package dev.cloudnative.core;

import java.util.List;
import java.util.Objects;

/**
 * A step of an application workflow ({@code deploy}, {@code canary}, {@code promote}, ...) failed.
 * Names the application and the step; the module's exception is the cause. What the workflow had
 * created stays in place and is reported by {@link #completedSteps()}, so that {@code undeploy()}
 * can clean it.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public class DeployException extends CloudNativeException {

  private static final long serialVersionUID = 1L;

  private final String application;
  private final String step;

  // an unmodifiable List.copyOf, which serializes; kept across serialization so that the
  // accessor never returns null
  private final List<String> completedSteps;

  public DeployException(
      String application, String step, List<String> completedSteps, Throwable cause) {
    super(message(application, step, completedSteps, cause), cause);
    this.application = application;
    this.step = step;
    this.completedSteps = List.copyOf(completedSteps);
  }

  private static String message(
      String application, String step, List<String> completedSteps, Throwable cause) {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(completedSteps, "completedSteps");
    Objects.requireNonNull(cause, "cause");
    return "application '"
        + application
        + "': step '"
        + step
        + "' failed"
        + (completedSteps.isEmpty() ? "" : " after " + String.join(", ", completedSteps))
        + ": "
        + cause.getMessage();
  }

  /** The application's name. */
  public String application() {
    return application;
  }

  /** The step that failed, e.g. {@code build-image} or {@code await-rollout}. */
  public String step() {
    return step;
  }

  /** Steps that completed before the failure, in order. */
  public List<String> completedSteps() {
    return completedSteps;
  }
}
