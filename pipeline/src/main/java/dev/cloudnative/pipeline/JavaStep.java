package dev.cloudnative.pipeline;

import java.util.Objects;

/**
 * Runs Java code inside the runner's JVM. Equality compares the task by identity. Immutable record,
 * thread-safe as long as the task is.
 *
 * @param name the step's name
 * @param task the code to run
 * @param options shared step settings
 */
public record JavaStep(String name, JavaTask task, StepOptions options) implements Step {
  /** Validates the components. */
  public JavaStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(options, "options");
  }

  @Override
  public JavaStep withOptions(StepOptions newOptions) {
    return new JavaStep(name, task, newOptions);
  }
}
