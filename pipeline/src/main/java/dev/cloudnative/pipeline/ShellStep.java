package dev.cloudnative.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An explicit opt-in to a shell: runs {@code sh -c script sh args...}. The script is a constant
 * written by the pipeline author; {@code args} reach it as positional parameters ({@code "$1"}...),
 * so values are never parsed as shell syntax. Immutable record, thread-safe.
 *
 * @param name the step's name
 * @param script the shell script, not blank
 * @param args positional parameters of the script
 * @param options shared step settings
 */
public record ShellStep(String name, String script, List<String> args, StepOptions options)
    implements Step {
  /** Validates the components and makes collections immutable copies. */
  public ShellStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(script, "script");
    args = List.copyOf(Objects.requireNonNull(args, "args"));
    Objects.requireNonNull(options, "options");
  }

  /** The argument list actually executed: {@code sh -c script sh args...}. */
  public List<String> command() {
    List<String> cmd = new ArrayList<>(args.size() + 4);
    cmd.add("sh");
    cmd.add("-c");
    cmd.add(script);
    cmd.add("sh");
    cmd.addAll(args);
    return cmd;
  }

  @Override
  public ShellStep withOptions(StepOptions newOptions) {
    return new ShellStep(name, script, args, newOptions);
  }
}
