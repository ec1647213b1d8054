package dev.cloudnative.pipeline;

import dev.cloudnative.pipeline.internal.MatrixExpander;
import dev.cloudnative.pipeline.internal.PipelineValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A validated pipeline definition: a DAG of stages plus finally stages that run after all of them
 * whatever happened. Constructing one validates it (unknown or duplicate names, cycles, empty
 * stages or steps) and throws {@link InvalidPipelineException} listing every problem. Immutable
 * record, thread-safe; one instance can be run any number of times, also concurrently.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.builder("release")
 *     .stage("lint", s -> s.command("checkstyle", "mvn", "-q", "checkstyle:check"))
 *     .stage("test", s -> s.needs("lint").command("unit", "mvn", "-q", "test"))
 *     .finallyStage("cleanup", s -> s.command("rm", "rm", "-rf", "tmp"))
 *     .build();
 * }</pre>
 *
 * @param name the pipeline's name, not blank
 * @param env variables for every step
 * @param stages the regular stages, in declaration order; a matrix stage is replaced by its
 *     combinations (see {@link Matrix}), and a need naming it by needs naming each of them
 * @param finallyStages stages run after every regular stage finished, whatever happened
 * @param failureMode fail fast or continue after a failure
 * @param maxParallelism most stages running at once; empty means the runner's default
 * @param timeout limit of the regular stages of the whole run
 * @param finallyTimeout limit of the finally stages, counted from when they start
 * @param secrets names of the environment variables whose values are secret: wherever the value
 *     comes from (this pipeline's env, a stage's or a step's, the runner's, or the JVM's own
 *     environment the runner passes on), every form of it is masked as {@code ***} in output lines,
 *     messages, outputs, events, snapshots and reports (see the README's "Secrets")
 */
public record Pipeline(
    String name,
    Map<String, String> env,
    List<Stage> stages,
    List<Stage> finallyStages,
    FailureMode failureMode,
    OptionalInt maxParallelism,
    Optional<Duration> timeout,
    Duration finallyTimeout,
    Set<String> secrets) {

  /** Default limit of the finally stages. */
  public static final Duration DEFAULT_FINALLY_TIMEOUT = Duration.ofMinutes(10);

  /**
   * Validates the whole definition.
   *
   * @throws InvalidPipelineException listing every problem found
   */
  public Pipeline {
    Objects.requireNonNull(name, "name");
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    stages = List.copyOf(Objects.requireNonNull(stages, "stages"));
    finallyStages = List.copyOf(Objects.requireNonNull(finallyStages, "finallyStages"));
    List<String> matrixProblems = new ArrayList<>();
    MatrixExpander.Expanded expanded = MatrixExpander.expand(stages, finallyStages, matrixProblems);
    stages = expanded.stages();
    finallyStages = expanded.finallyStages();
    Objects.requireNonNull(failureMode, "failureMode");
    Objects.requireNonNull(maxParallelism, "maxParallelism");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(finallyTimeout, "finallyTimeout");
    secrets =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(Objects.requireNonNull(secrets, "secrets")));
    List<String> problems =
        PipelineValidator.problems(
            name, env, stages, finallyStages, maxParallelism, timeout, finallyTimeout);
    problems.addAll(0, matrixProblems);
    for (String secret : secrets) {
      if (!EnvNames.isValid(secret)) {
        problems.add(
            "secret name '" + secret + "' is not a variable name, allowed: [A-Za-z_][A-Za-z0-9_]*");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPipelineException(name, problems);
    }
  }

  /** A pipeline without secrets. */
  public Pipeline(
      String name,
      Map<String, String> env,
      List<Stage> stages,
      List<Stage> finallyStages,
      FailureMode failureMode,
      OptionalInt maxParallelism,
      Optional<Duration> timeout,
      Duration finallyTimeout) {
    this(
        name,
        env,
        stages,
        finallyStages,
        failureMode,
        maxParallelism,
        timeout,
        finallyTimeout,
        Set.of());
  }

  /** Starts a pipeline definition. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The regular or finally stage called {@code stageName}. */
  public Optional<Stage> stage(String stageName) {
    for (Stage s : stages) {
      if (s.name().equals(stageName)) {
        return Optional.of(s);
      }
    }
    return finallyStages.stream().filter(s -> s.name().equals(stageName)).findFirst();
  }

  /**
   * The record's text with the value of every secret variable of {@link #env()} shown as {@code
   * ***}, so logging a pipeline does not log its secrets.
   */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    new java.util.TreeMap<>(env).forEach((k, v) -> shown.put(k, secrets.contains(k) ? "***" : v));
    return "Pipeline[name="
        + name
        + ", env="
        + shown
        + ", stages="
        + stages
        + ", finallyStages="
        + finallyStages
        + ", failureMode="
        + failureMode
        + ", maxParallelism="
        + maxParallelism
        + ", timeout="
        + timeout
        + ", finallyTimeout="
        + finallyTimeout
        + ", secrets="
        + secrets
        + "]";
  }

  /** Fluent builder of a {@link Pipeline}; not thread-safe, use from one thread. */
  public static final class Builder {
    private final String name;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Stage> stages = new ArrayList<>();
    private final List<Stage> finallyStages = new ArrayList<>();
    private FailureMode failureMode = FailureMode.FAIL_FAST;
    private OptionalInt maxParallelism = OptionalInt.empty();
    private Duration timeout;
    private Duration finallyTimeout = DEFAULT_FINALLY_TIMEOUT;
    private final Set<String> secrets = new LinkedHashSet<>();

    Builder(String name) {
      this.name = Objects.requireNonNull(name, "pipeline name");
    }

    /** Adds an environment variable for every step. */
    public Builder env(String key, String value) {
      env.put(EnvNames.requireValid(key), Objects.requireNonNull(value, "value of " + key));
      return this;
    }

    /**
     * Adds a secret environment variable for every step: {@code value} reaches the steps as {@code
     * name}, and every form of it (see {@link Pipeline#secrets()}) is masked as {@code ***}.
     */
    public Builder secret(String name, String value) {
      env(name, value);
      secrets.add(name);
      return this;
    }

    /**
     * Marks variable {@code name} secret without giving its value: the value a step sees, from a
     * stage's or a step's env, the runner's ({@code LocalRunnerConfig.custom().env(...)}) or this
     * JVM's environment, is masked as {@code ***}.
     */
    public Builder secret(String name) {
      secrets.add(EnvNames.requireValid(name));
      return this;
    }

    /** After a failure, cancel running stages and skip the rest (the default). */
    public Builder failFast() {
      failureMode = FailureMode.FAIL_FAST;
      return this;
    }

    /** After a failure, keep running every stage whose condition still holds. */
    public Builder continueOnFailure() {
      failureMode = FailureMode.CONTINUE;
      return this;
    }

    /** Sets the failure mode. */
    public Builder failureMode(FailureMode mode) {
      failureMode = Objects.requireNonNull(mode, "failureMode");
      return this;
    }

    /** At most {@code n} stages run at once. */
    public Builder maxParallelism(int n) {
      maxParallelism = OptionalInt.of(n);
      return this;
    }

    /** Limits the regular stages of the run. */
    public Builder timeout(Duration limit) {
      timeout = Objects.requireNonNull(limit, "timeout");
      return this;
    }

    /** Limits the finally stages (default {@link #DEFAULT_FINALLY_TIMEOUT}). */
    public Builder finallyTimeout(Duration limit) {
      finallyTimeout = Objects.requireNonNull(limit, "finallyTimeout");
      return this;
    }

    /** Adds a regular stage. */
    public Builder stage(Stage stage) {
      stages.add(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    /** Adds a regular stage defined by {@code definition}. */
    public Builder stage(String stageName, Consumer<Stage.Builder> definition) {
      Stage.Builder b = Stage.builder(stageName);
      definition.accept(b);
      return stage(b.build());
    }

    /** Adds a finally stage (default condition {@link Condition#ALWAYS}). */
    public Builder finallyStage(Stage stage) {
      finallyStages.add(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    /**
     * Adds a finally stage defined by {@code definition} (default condition {@link
     * Condition#ALWAYS}).
     */
    public Builder finallyStage(String stageName, Consumer<Stage.Builder> definition) {
      Stage.Builder b = Stage.builder(stageName).always();
      definition.accept(b);
      return finallyStage(b.build());
    }

    /**
     * The validated pipeline.
     *
     * @throws InvalidPipelineException listing every problem found
     */
    public Pipeline build() {
      return new Pipeline(
          name,
          env,
          stages,
          finallyStages,
          failureMode,
          maxParallelism,
          Optional.ofNullable(timeout),
          finallyTimeout,
          secrets);
    }
  }
}
