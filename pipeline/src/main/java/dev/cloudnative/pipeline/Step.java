package dev.cloudnative.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One unit of work inside a {@link Stage}: an argument-list command, an explicit shell script, Java
 * code, or a container image with a command. Implementations are immutable records and thread-safe
 * (a {@link JavaStep}'s task must be thread-safe itself if the same pipeline runs concurrently).
 *
 * <p>Values never become commands: {@link #command} passes its arguments to the executable as they
 * are; only {@link #shell} runs a script through {@code sh -c}, and that script is a constant you
 * wrote, with values passed as positional parameters or environment variables.
 */
public sealed interface Step permits CommandStep, ShellStep, JavaStep, ContainerStep {

  /** The step's name, unique within its stage. */
  String name();

  /** Settings shared by every kind of step. */
  StepOptions options();

  /** A copy of this step with other options. */
  Step withOptions(StepOptions options);

  /** Runs {@code executable} with {@code args}, no shell involved. */
  static CommandStep command(String name, String executable, String... args) {
    List<String> all = new java.util.ArrayList<>(args.length + 1);
    all.add(executable);
    all.addAll(List.of(args));
    return new CommandStep(name, all, StepOptions.ofDefaults());
  }

  /**
   * Runs the argument list {@code command} (first element is the executable), no shell involved.
   */
  static CommandStep command(String name, List<String> command) {
    return new CommandStep(name, command, StepOptions.ofDefaults());
  }

  /**
   * Runs {@code sh -c script sh args...}: an explicit opt-in to a shell. Pass values as {@code
   * args} (visible as {@code "$1"}, {@code "$2"}...) or as env, never by pasting them into {@code
   * script}.
   */
  static ShellStep shell(String name, String script, String... args) {
    return new ShellStep(name, script, List.of(args), StepOptions.ofDefaults());
  }

  /** Runs {@code task} inside the runner's JVM. */
  static JavaStep java(String name, JavaTask task) {
    return new JavaStep(name, task, StepOptions.ofDefaults());
  }

  /**
   * Runs {@code command} (may be empty for the image's default) inside a container of {@code
   * image}.
   */
  static ContainerStep container(String name, String image, List<String> command) {
    return new ContainerStep(name, image, command, StepOptions.ofDefaults());
  }

  /** A copy with one more environment variable. */
  default Step env(String name, String value) {
    return withOptions(options().withEnv(name, value));
  }

  /** A copy with these environment variables added. */
  default Step env(Map<String, String> vars) {
    return withOptions(options().withEnv(vars));
  }

  /** A copy running in {@code dir} (relative to the runner's workspace unless absolute). */
  default Step workingDirectory(String dir) {
    return withOptions(options().withWorkingDirectory(dir));
  }

  /** A copy whose attempts are each limited to {@code limit}. */
  default Step timeout(Duration limit) {
    return withOptions(options().withTimeout(limit));
  }

  /** A copy retried by {@code policy}. */
  default Step retry(RetryPolicy policy) {
    return withOptions(options().withRetry(policy));
  }

  /**
   * A copy whose result a runner with a cache directory keys by {@code cache}'s inputs, and
   * restores instead of running the step again (see {@link StepCache}).
   */
  default Step cache(StepCache cache) {
    return withOptions(options().withCache(cache));
  }

  /** A copy whose failure does not fail its stage. */
  default Step continueOnError() {
    return withOptions(options().withContinueOnError(true));
  }
}
