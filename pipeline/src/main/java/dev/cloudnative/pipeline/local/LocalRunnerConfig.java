package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.ContainerStepExecutor;
import dev.cloudnative.pipeline.EnvNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Settings of a {@link LocalPipelineRunner}. Immutable record, thread-safe; build with {@link
 * #custom()}.
 *
 * @param maxParallelism stages running at once when the pipeline does not say; empty (the default)
 *     runs every ready stage
 * @param killGracePeriod time between SIGTERM and SIGKILL when a process tree is stopped
 * @param drainTimeout how long to wait, after a process ended, for its output pipes to close (a
 *     background process that inherited them can keep them open)
 * @param tailLines lines kept per step for status snapshots and reports
 * @param workspace directory steps run in and relative working directories resolve against
 * @param inheritEnvironment whether steps start from this JVM's environment
 * @param env variables added under the pipeline's
 * @param outputCharset how process output bytes are decoded into lines
 * @param meterRegistry where runs, stages and steps are measured (see the README's "Metrics");
 *     empty (the default) records no meters at all
 * @param observationRegistry where runs, stages and steps are observed (spans {@code pipeline.run}
 *     &gt; {@code pipeline.stage} &gt; {@code pipeline.step}); {@link ObservationRegistry#NOOP}
 *     (the default) skips observation work
 * @param containerExecutor runs the pipelines' container steps (see {@link ContainerStepExecutor});
 *     empty (the default) makes the runner refuse a pipeline with a container step before it runs
 * @param secrets names of variables whose values are secret in every run of this runner (on top of
 *     each pipeline's {@link dev.cloudnative.pipeline.Pipeline#secrets()}): masked as {@code ***}
 *     wherever the value comes from ({@link #env()} or this JVM's environment)
 * @param cacheDirectory where the step cache keeps results of steps that declare a {@link
 *     dev.cloudnative.pipeline.StepCache}; empty (the default) runs every step, declared caches
 *     ignored
 */
public record LocalRunnerConfig(
    OptionalInt maxParallelism,
    Duration killGracePeriod,
    Duration drainTimeout,
    int tailLines,
    Path workspace,
    boolean inheritEnvironment,
    Map<String, String> env,
    Charset outputCharset,
    Optional<MeterRegistry> meterRegistry,
    ObservationRegistry observationRegistry,
    Optional<ContainerStepExecutor> containerExecutor,
    Set<String> secrets,
    Optional<Path> cacheDirectory) {

  /** Validates the components and makes collections immutable copies. */
  public LocalRunnerConfig {
    Objects.requireNonNull(maxParallelism, "maxParallelism");
    Objects.requireNonNull(killGracePeriod, "killGracePeriod");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(workspace, "workspace");
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(outputCharset, "outputCharset");
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    Objects.requireNonNull(observationRegistry, "observationRegistry");
    Objects.requireNonNull(containerExecutor, "containerExecutor");
    secrets =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(Objects.requireNonNull(secrets, "secrets")));
    secrets.forEach(EnvNames::requireValid);
    cacheDirectory =
        Objects.requireNonNull(cacheDirectory, "cacheDirectory").map(Path::toAbsolutePath);
    if (maxParallelism.isPresent() && maxParallelism.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "maxParallelism must be at least 1 but was " + maxParallelism.getAsInt());
    }
    env.forEach(
        (k, v) -> {
          EnvNames.requireValid(k);
          if (v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                "value of runner environment variable '"
                    + k
                    + "' contains a NUL character, which no process environment can hold");
          }
        });
    if (killGracePeriod.isNegative()) {
      throw new IllegalArgumentException(
          "killGracePeriod must not be negative but was " + killGracePeriod);
    }
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "drainTimeout must not be negative but was " + drainTimeout);
    }
    if (tailLines < 0 || tailLines > 1_000_000) {
      throw new IllegalArgumentException("tailLines must be in [0, 1000000] but was " + tailLines);
    }
  }

  /**
   * The defaults: every ready stage runs at once, 5 s grace, 2 s drain, 200 tail lines, current
   * directory, inherited environment, UTF-8 output, no meters, {@link ObservationRegistry#NOOP}, no
   * container executor.
   *
   * <p>Why no CPU-based limit: a stage mostly waits on its processes, and a limit the user did not
   * write makes independent stages wait for each other (on 2 CPUs only 2 of 3 ran at once). The
   * threads cost nothing while they wait; set a limit, here or per pipeline, to bound the load.
   */
  public static LocalRunnerConfig ofDefaults() {
    return custom().build();
  }

  /**
   * The record's text with the values of secret variables of {@link #env()} shown as {@code ***}.
   */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    env.forEach((k, v) -> shown.put(k, secrets.contains(k) ? "***" : v));
    return "LocalRunnerConfig[maxParallelism="
        + maxParallelism
        + ", killGracePeriod="
        + killGracePeriod
        + ", drainTimeout="
        + drainTimeout
        + ", tailLines="
        + tailLines
        + ", workspace="
        + workspace
        + ", inheritEnvironment="
        + inheritEnvironment
        + ", env="
        + shown
        + ", outputCharset="
        + outputCharset
        + ", meterRegistry="
        + meterRegistry
        + ", observationRegistry="
        + observationRegistry
        + ", containerExecutor="
        + containerExecutor
        + ", secrets="
        + secrets
        + ", cacheDirectory="
        + cacheDirectory
        + "]";
  }

  /** Starts from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Builder of {@link LocalRunnerConfig}; not thread-safe. */
  public static final class Builder {
    private OptionalInt maxParallelism = OptionalInt.empty();
    private Duration killGracePeriod = Duration.ofSeconds(5);
    private Duration drainTimeout = Duration.ofSeconds(2);
    private int tailLines = 200;
    private Path workspace = Path.of("").toAbsolutePath();
    private boolean inheritEnvironment = true;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Charset outputCharset = StandardCharsets.UTF_8;
    private Optional<MeterRegistry> meterRegistry = Optional.empty();
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private Optional<ContainerStepExecutor> containerExecutor = Optional.empty();
    private final Set<String> secrets = new LinkedHashSet<>();
    private Optional<Path> cacheDirectory = Optional.empty();

    Builder() {}

    /** At most {@code n} stages run at once when the pipeline does not say. */
    public Builder maxParallelism(int n) {
      maxParallelism = OptionalInt.of(n);
      return this;
    }

    /** Every ready stage runs at once when the pipeline does not say (the default). */
    public Builder unlimitedParallelism() {
      maxParallelism = OptionalInt.empty();
      return this;
    }

    /** Time between SIGTERM and SIGKILL. */
    public Builder killGracePeriod(Duration grace) {
      killGracePeriod = grace;
      return this;
    }

    /** Wait for output pipes after a process ended. */
    public Builder drainTimeout(Duration wait) {
      drainTimeout = wait;
      return this;
    }

    /** Lines kept per step. */
    public Builder tailLines(int lines) {
      tailLines = lines;
      return this;
    }

    /** The directory steps run in. */
    public Builder workspace(Path dir) {
      workspace = Objects.requireNonNull(dir, "workspace").toAbsolutePath();
      return this;
    }

    /** Whether steps start from this JVM's environment (default true). */
    public Builder inheritEnvironment(boolean inherit) {
      inheritEnvironment = inherit;
      return this;
    }

    /** A variable for every step of every pipeline (under the pipeline's own). */
    public Builder env(String key, String value) {
      env.put(EnvNames.requireValid(key), Objects.requireNonNull(value, "value of " + key));
      return this;
    }

    /**
     * A secret variable for every step of every pipeline (under the pipeline's own): like {@link
     * #env(String, String)}, and every form of {@code value} is masked as {@code ***}.
     */
    public Builder secret(String key, String value) {
      env(key, value);
      secrets.add(key);
      return this;
    }

    /**
     * Marks variable {@code key} secret in every run, whatever gives it its value (a pipeline's env
     * or this JVM's environment, e.g. a CI token the JVM was started with).
     */
    public Builder secret(String key) {
      secrets.add(EnvNames.requireValid(key));
      return this;
    }

    /**
     * Keeps the results of steps that declare a {@link dev.cloudnative.pipeline.StepCache} in
     * {@code dir} (created when first needed), restoring them instead of running a step whose
     * inputs did not change (see the README's "Step cache"). Several runners and runs may share one
     * directory.
     */
    public Builder cacheDirectory(Path dir) {
      cacheDirectory = Optional.of(Objects.requireNonNull(dir, "cacheDirectory"));
      return this;
    }

    /** How process output is decoded (default UTF-8; malformed bytes become U+FFFD). */
    public Builder outputCharset(Charset charset) {
      outputCharset = Objects.requireNonNull(charset, "outputCharset");
      return this;
    }

    /**
     * Records the meters of the README's "Metrics" table in {@code registry} (default: none at all,
     * not even a no-op registry's).
     */
    public Builder meterRegistry(MeterRegistry registry) {
      meterRegistry = Optional.of(Objects.requireNonNull(registry, "meterRegistry"));
      return this;
    }

    /**
     * Observes runs, stages and steps in {@code registry} (default {@link
     * ObservationRegistry#NOOP}, which costs a branch per run, stage and step).
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      observationRegistry = Objects.requireNonNull(registry, "observationRegistry");
      return this;
    }

    /**
     * Runs container steps through {@code executor} (default: none, and a pipeline with a container
     * step is refused before it runs). {@code cloudnative-core}'s {@code
     * ContainerEngineStepExecutor.on(engine)} runs them on Docker, Podman or the in-memory engine.
     */
    public Builder containerExecutor(ContainerStepExecutor executor) {
      containerExecutor = Optional.of(Objects.requireNonNull(executor, "containerExecutor"));
      return this;
    }

    /** The config. */
    public LocalRunnerConfig build() {
      return new LocalRunnerConfig(
          maxParallelism,
          killGracePeriod,
          drainTimeout,
          tailLines,
          workspace,
          inheritEnvironment,
          env,
          outputCharset,
          meterRegistry,
          observationRegistry,
          containerExecutor,
          secrets,
          cacheDirectory);
    }
  }
}
