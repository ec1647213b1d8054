package dev.cloudnative.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * Runs an executable with an argument list; no shell ever sees the arguments. Immutable record,
 * thread-safe.
 *
 * @param name the step's name
 * @param command executable followed by its arguments, not empty
 * @param options shared step settings
 */
public record CommandStep(String name, List<String> command, StepOptions options) implements Step {
  /** Validates the components and makes collections immutable copies. */
  public CommandStep {
    Objects.requireNonNull(name, "name");
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    Objects.requireNonNull(options, "options");
  }

  @Override
  public CommandStep withOptions(StepOptions newOptions) {
    return new CommandStep(name, command, newOptions);
  }
}
