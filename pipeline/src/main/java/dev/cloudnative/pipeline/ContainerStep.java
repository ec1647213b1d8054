package dev.cloudnative.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * Runs a command inside a container image. The model carries no local assumption (no host path, no
 * shell); the local runner runs it through its {@link ContainerStepExecutor} (the workspace mounted
 * at {@link ContainerStepRequest#WORKSPACE}) and, without one, rejects pipelines containing it with
 * {@link UnsupportedStepException} before anything runs. Immutable record, thread-safe.
 *
 * @param name the step's name
 * @param image the image reference, not blank
 * @param command the command inside the container as an argument list; empty means the image's
 *     default
 * @param options shared step settings
 */
public record ContainerStep(String name, String image, List<String> command, StepOptions options)
    implements Step {
  /** Validates the components and makes collections immutable copies. */
  public ContainerStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    Objects.requireNonNull(options, "options");
  }

  @Override
  public ContainerStep withOptions(StepOptions newOptions) {
    return new ContainerStep(name, image, command, newOptions);
  }
}
