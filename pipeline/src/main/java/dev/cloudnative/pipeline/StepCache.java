package dev.cloudnative.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * What a step's result depends on and what it produces, so a runner with a cache directory can skip
 * it: the step is keyed by a SHA-256 of its command (argument list, script and args, or image and
 * command; its working directory), the contents and paths of the files {@code inputs} match (the
 * step's own {@code outputs} excluded), the values of the variables {@code env} names, the values
 * of its matrix combination and, for a container step, the image's digest when the executor tells
 * it. On a hit the runner restores {@code outputs} (and the step's {@code $PIPELINE_OUTPUT} values)
 * and reports the step {@link Status#CACHED} without running it; after a successful run it stores
 * them under the key. What the key does not hold does not count: a variable the step reads but
 * {@code env} does not name, a file outside {@code inputs}. Only command, shell and container steps
 * can be cached (a Java step's code cannot be hashed). Immutable record, thread-safe.
 *
 * <pre>{@code
 * Step.command("package", "tar", "-czf", "app.tar.gz", "src")
 *     .cache(StepCache.inputs("src/**").withOutputs("app.tar.gz"))
 * }</pre>
 *
 * @param inputs files the result depends on: paths or globs ({@code src/**}, {@code *.xml}, the
 *     syntax of {@link java.nio.file.FileSystem#getPathMatcher} "glob:") relative to the runner's
 *     workspace; a directory stands for every file under it
 * @param env names of the variables whose values the result depends on
 * @param outputs files or directories, relative to the workspace, that the step produces
 */
public record StepCache(List<String> inputs, List<String> env, List<String> outputs) {

  /**
   * Validates the components and makes collections immutable copies.
   *
   * @throws IllegalArgumentException naming the component and the value: an empty, absolute or
   *     NUL-holding path, a {@code .} or {@code ..} segment, an output that is the workspace
   *     itself, a glob the matcher cannot parse, an invalid env name
   */
  public StepCache {
    inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
    env = List.copyOf(Objects.requireNonNull(env, "env"));
    outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
    inputs.forEach(i -> WorkspacePaths.require("cache input", i, true));
    outputs.forEach(o -> WorkspacePaths.require("cache output", o, false));
    for (String name : env) {
      Objects.requireNonNull(name, "env name");
      try {
        EnvNames.requireValid(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cache env: " + e.getMessage(), e);
      }
    }
  }

  /** A cache keyed by the files {@code globs} match, no env, no outputs. */
  public static StepCache inputs(String... globs) {
    return new StepCache(List.of(globs), List.of(), List.of());
  }

  /**
   * A cache keyed by the step's command (and its matrix values) alone, to which {@link #withEnv}
   * and {@link #withOutputs} add: for a step whose result depends on no file, such as one printing
   * a variable.
   */
  public static StepCache commandOnly() {
    return new StepCache(List.of(), List.of(), List.of());
  }

  /** A copy keyed by the files {@code globs} match instead. */
  public StepCache withInputs(String... globs) {
    return new StepCache(List.of(globs), env, outputs);
  }

  /** A copy whose key also holds the values of the variables {@code names}. */
  public StepCache withEnv(String... names) {
    return new StepCache(inputs, List.of(names), outputs);
  }

  /** A copy restoring {@code paths} on a hit. */
  public StepCache withOutputs(String... paths) {
    return new StepCache(inputs, env, List.of(paths));
  }
}
