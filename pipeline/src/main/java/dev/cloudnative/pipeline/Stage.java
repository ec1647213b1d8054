package dev.cloudnative.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A node of the pipeline DAG: steps run in order, after every stage in {@code needs} has finished
 * and {@code condition} holds. Immutable record, thread-safe; build one with {@link
 * #builder(String)} or inside {@link Pipeline.Builder#stage(String, java.util.function.Consumer)}.
 *
 * @param name unique name within the pipeline ({@code [A-Za-z0-9][A-Za-z0-9_.-]*})
 * @param needs names of the stages that must finish first
 * @param condition when the stage runs once its needs have finished
 * @param env variables for every step (over the pipeline's, under the step's)
 * @param steps the steps, run sequentially; not empty
 * @param timeout limit of the whole stage including retries
 * @param continueOnError whether a failure of this stage leaves the run (and dependents) going as
 *     if it had succeeded
 * @param matrix the stage's matrix, as declared: a pipeline runs such a stage once per combination
 *     (its {@link Pipeline#stages()} hold the combinations, never the declared matrix stage)
 * @param combination which combination of a matrix stage this stage is, for the stages a pipeline
 *     made of a matrix stage
 * @param artifacts files the stage produces for the stages that need it: paths or globs relative to
 *     the workspace (the syntax of {@link StepCache#inputs()}); when the stage succeeds the runner
 *     copies what they match aside, each must match at least one file or the stage fails, and every
 *     stage that needs it (directly or through others) finds them under {@code
 *     $PIPELINE_ARTIFACTS/<stage>/}
 */
public record Stage(
    String name,
    List<String> needs,
    Condition condition,
    Map<String, String> env,
    List<Step> steps,
    Optional<Duration> timeout,
    boolean continueOnError,
    Optional<Matrix> matrix,
    Optional<MatrixCombination> combination,
    List<String> artifacts) {

  /**
   * Validates the components and makes collections immutable copies.
   *
   * @throws IllegalArgumentException for a matrix on a combination, a non-positive timeout, or an
   *     artifact path that is empty, absolute, holds a NUL, a {@code .} or {@code ..} segment or a
   *     glob the matcher cannot parse
   */
  public Stage {
    Objects.requireNonNull(name, "name");
    needs = List.copyOf(Objects.requireNonNull(needs, "needs"));
    Objects.requireNonNull(condition, "condition");
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(combination, "combination");
    artifacts = List.copyOf(Objects.requireNonNull(artifacts, "artifacts"));
    for (String a : artifacts) {
      WorkspacePaths.require("artifact of stage '" + name + "'", a, true);
    }
    if (matrix.isPresent() && combination.isPresent()) {
      throw new IllegalArgumentException(
          "stage '" + name + "' is a combination of a matrix, it cannot have a matrix of its own");
    }
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException(
                "timeout of stage '" + name + "' must be positive but was " + t);
          }
        });
  }

  /** A stage without artifacts. */
  public Stage(
      String name,
      List<String> needs,
      Condition condition,
      Map<String, String> env,
      List<Step> steps,
      Optional<Duration> timeout,
      boolean continueOnError,
      Optional<Matrix> matrix,
      Optional<MatrixCombination> combination) {
    this(
        name,
        needs,
        condition,
        env,
        steps,
        timeout,
        continueOnError,
        matrix,
        combination,
        List.of());
  }

  /** A stage without a matrix or artifacts. */
  public Stage(
      String name,
      List<String> needs,
      Condition condition,
      Map<String, String> env,
      List<Step> steps,
      Optional<Duration> timeout,
      boolean continueOnError) {
    this(
        name,
        needs,
        condition,
        env,
        steps,
        timeout,
        continueOnError,
        Optional.empty(),
        Optional.empty());
  }

  /** The name the stage was declared with: a matrix combination's stage name, else its own. */
  public String declaredName() {
    return combination.map(MatrixCombination::stage).orElse(name);
  }

  /** Starts a stage definition. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Fluent builder of a {@link Stage}; not thread-safe, use from one thread. */
  public static final class Builder {
    private final String name;
    private final LinkedHashSet<String> needs = new LinkedHashSet<>();
    private Condition condition = Condition.ON_SUCCESS;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private Duration timeout;
    private boolean continueOnError;
    private Matrix matrix;
    private final List<String> artifacts = new ArrayList<>();

    Builder(String name) {
      this.name = Objects.requireNonNull(name, "stage name");
    }

    /** Runs after these stages. */
    public Builder needs(String... stages) {
      for (String s : stages) {
        needs.add(Objects.requireNonNull(s, "needed stage"));
      }
      return this;
    }

    /** Runs after these stages. */
    public Builder needs(List<String> stages) {
      return needs(stages.toArray(String[]::new));
    }

    /** Sets when the stage runs. */
    public Builder when(Condition when) {
      this.condition = Objects.requireNonNull(when, "condition");
      return this;
    }

    /** Shorthand for {@code when(Condition.ALWAYS)}. */
    public Builder always() {
      return when(Condition.ALWAYS);
    }

    /** Shorthand for {@code when(Condition.ON_FAILURE)}. */
    public Builder onFailure() {
      return when(Condition.ON_FAILURE);
    }

    /** Adds an environment variable for every step of this stage. */
    public Builder env(String key, String value) {
      env.put(EnvNames.requireValid(key), Objects.requireNonNull(value, "value of " + key));
      return this;
    }

    /** Adds a step. */
    public Builder step(Step step) {
      steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /** Adds an argument-list command step. */
    public Builder command(String stepName, String executable, String... args) {
      return step(Step.command(stepName, executable, args));
    }

    /** Adds an explicit shell step ({@code sh -c script sh args...}). */
    public Builder shell(String stepName, String script, String... args) {
      return step(Step.shell(stepName, script, args));
    }

    /** Adds a Java step. */
    public Builder java(String stepName, JavaTask task) {
      return step(Step.java(stepName, task));
    }

    /** Limits the whole stage, retries included. */
    public Builder timeout(Duration limit) {
      this.timeout = Objects.requireNonNull(limit, "timeout");
      return this;
    }

    /** A failure of this stage does not fail the run nor skip its dependents. */
    public Builder continueOnError() {
      this.continueOnError = true;
      return this;
    }

    /**
     * Runs the stage once per combination of {@code definition} (see {@link Matrix}): {@code
     * matrix(m -> m.axis("jdk", "17", "21").axis("os", "linux", "mac"))}.
     */
    public Builder matrix(java.util.function.Consumer<Matrix.Builder> definition) {
      Matrix.Builder b = Matrix.builder();
      definition.accept(b);
      return matrix(b.build());
    }

    /** Runs the stage once per combination of {@code m}. */
    public Builder matrix(Matrix m) {
      this.matrix = Objects.requireNonNull(m, "matrix");
      return this;
    }

    /**
     * Hands the files {@code paths} (paths or globs relative to the workspace) to the stages that
     * need this one, under {@code $PIPELINE_ARTIFACTS/<stage>/} (see {@link Stage#artifacts()}).
     */
    public Builder artifacts(String... paths) {
      for (String p : paths) {
        artifacts.add(Objects.requireNonNull(p, "artifact"));
      }
      return this;
    }

    /** The stage. */
    public Stage build() {
      return new Stage(
          name,
          new ArrayList<>(needs),
          condition,
          env,
          steps,
          Optional.ofNullable(timeout),
          continueOnError,
          Optional.ofNullable(matrix),
          Optional.empty(),
          artifacts);
    }
  }

  /**
   * The record's text with the env's names but not its values: which variables are secret is the
   * pipeline's to say ({@link Pipeline#secrets()}), so a stage cannot tell and shows none.
   */
  @Override
  public String toString() {
    return "Stage[name="
        + name
        + ", needs="
        + needs
        + ", condition="
        + condition
        + ", env="
        + new java.util.TreeSet<>(env.keySet())
        + ", steps="
        + steps
        + ", timeout="
        + timeout
        + ", continueOnError="
        + continueOnError
        + ", matrix="
        + matrix
        + ", combination="
        + combination
        + ", artifacts="
        + artifacts
        + "]";
  }
}
