package dev.cloudnative.core;

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
  private final transient java.util.List<String> completedSteps;

  public DeployException(
      String application, String step, java.util.List<String> completedSteps, Throwable cause) {
    super(
        "application '"
            + application
            + "': step '"
            + step
            + "' failed"
            + (completedSteps.isEmpty() ? "" : " after " + String.join(", ", completedSteps))
            + ": "
            + Objects.requireNonNull(cause, "cause").getMessage(),
        cause);
    this.application = application;
    this.step = step;
    this.completedSteps = java.util.List.copyOf(completedSteps);
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
  public java.util.List<String> completedSteps() {
    return completedSteps;
  }
}
