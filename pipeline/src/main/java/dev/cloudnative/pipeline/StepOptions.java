package dev.cloudnative.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings every kind of step shares. Immutable record, thread-safe.
 *
 * @param env variables added on top of the pipeline's and the stage's (step wins)
 * @param workingDirectory directory the step runs in, relative to the runner's workspace unless
 *     absolute
 * @param timeout limit of one attempt
 * @param retry how failed attempts are retried
 * @param continueOnError whether a failure of this step leaves its stage successful
 * @param cache what the step's result depends on and produces, for a runner's step cache
 */
public record StepOptions(
    Map<String, String> env,
    Optional<String> workingDirectory,
    Optional<Duration> timeout,
    RetryPolicy retry,
    boolean continueOnError,
    Optional<StepCache> cache) {

  private static final StepOptions DEFAULTS =
      new StepOptions(
          Map.of(),
          Optional.empty(),
          Optional.empty(),
          RetryPolicy.none(),
          false,
          Optional.empty());

  /** Validates the components and makes collections immutable copies. */
  public StepOptions {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(cache, "cache");
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("step timeout must be positive but was " + t);
          }
        });
    workingDirectory.ifPresent(
        d -> {
          if (d.isBlank()) {
            throw new IllegalArgumentException(
                "working directory '" + d + "' is blank; allowed a relative or absolute path");
          }
        });
  }

  /** Options without a cache declaration. */
  public StepOptions(
      Map<String, String> env,
      Optional<String> workingDirectory,
      Optional<Duration> timeout,
      RetryPolicy retry,
      boolean continueOnError) {
    this(env, workingDirectory, timeout, retry, continueOnError, Optional.empty());
  }

  /** No extra env, the workspace directory, no timeout, one attempt, failures count. */
  public static StepOptions ofDefaults() {
    return DEFAULTS;
  }

  /** A copy with one more environment variable. */
  public StepOptions withEnv(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(env);
    copy.put(EnvNames.requireValid(name), Objects.requireNonNull(value, "value of " + name));
    return new StepOptions(copy, workingDirectory, timeout, retry, continueOnError, cache);
  }

  /** A copy with these environment variables added. */
  public StepOptions withEnv(Map<String, String> more) {
    Map<String, String> copy = new LinkedHashMap<>(env);
    more.forEach(
        (k, v) -> copy.put(EnvNames.requireValid(k), Objects.requireNonNull(v, "value of " + k)));
    return new StepOptions(copy, workingDirectory, timeout, retry, continueOnError, cache);
  }

  /** A copy running in {@code dir}. */
  public StepOptions withWorkingDirectory(String dir) {
    return new StepOptions(env, Optional.of(dir), timeout, retry, continueOnError, cache);
  }

  /** A copy whose attempts are limited to {@code limit}. */
  public StepOptions withTimeout(Duration limit) {
    return new StepOptions(
        env, workingDirectory, Optional.of(limit), retry, continueOnError, cache);
  }

  /** A copy retried by {@code policy}. */
  public StepOptions withRetry(RetryPolicy policy) {
    return new StepOptions(env, workingDirectory, timeout, policy, continueOnError, cache);
  }

  /** A copy whose failure does or does not fail its stage. */
  public StepOptions withContinueOnError(boolean continueOnFailure) {
    return new StepOptions(env, workingDirectory, timeout, retry, continueOnFailure, cache);
  }

  /** A copy declaring {@code stepCache}. */
  public StepOptions withCache(StepCache stepCache) {
    return new StepOptions(
        env,
        workingDirectory,
        timeout,
        retry,
        continueOnError,
        Optional.of(Objects.requireNonNull(stepCache, "cache")));
  }

  /**
   * The record's text with the env's names but not its values: which variables are secret is the
   * pipeline's to say ({@link Pipeline#secrets()}), so a step's options cannot tell and show none.
   */
  @Override
  public String toString() {
    return "StepOptions[env="
        + new java.util.TreeSet<>(env.keySet())
        + ", workingDirectory="
        + workingDirectory
        + ", timeout="
        + timeout
        + ", retry="
        + retry
        + ", continueOnError="
        + continueOnError
        + ", cache="
        + cache
        + "]";
  }
}
