package dev.cloudnative.core.pipeline;

import dev.cloudnative.kubernetes.Propagation;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link ClusterJobStepExecutor} runs container steps as Jobs. Made by {@link #ofDefaults()} or
 * {@code JobStepConfig.custom()...build()}.
 *
 * <p>Defaults: the workspace and output directory mounted as {@code hostPath} volumes; every
 * variable of the step's environment passed through a per-attempt Secret except the runner's own
 * {@code PIPELINE_NAME}, {@code PIPELINE_RUN_ID}, {@code PIPELINE_STAGE}, {@code PIPELINE_STEP},
 * {@code PIPELINE_ATTEMPT} and {@code PIPELINE_OUTPUT}, which are literals; a pod must start within
 * 5 minutes; Jobs deleted with {@link Propagation#FOREGROUND}; up to 2 minutes waited for the pods
 * to be gone; the cluster polled every 100 ms; a finished Job kept 10 minutes at most (its TTL, a
 * backstop should this JVM die); the Job's active deadline is the attempt's time limit plus 30
 * seconds (a backstop too: the runner stops the attempt itself at its limit).
 *
 * <p>Immutable and therefore thread-safe; the builder is not.
 *
 * @param mountWorkspace whether the request's binds (the runner's workspace at {@code /workspace},
 *     the run's output directory at {@code /pipeline/output}) are mounted as {@code hostPath}
 *     volumes; true only works where the pod's node sees this machine's directories (the embedded
 *     cluster with a local pod runtime, a single-node cluster on this machine that mounts them)
 * @param inlineEnv variable names passed as literals in the Job; every other variable's value goes
 *     through the per-attempt Secret
 * @param startTimeout how long the Job's pod may take to start (scheduled, image pulled, container
 *     started), bounded further by the attempt's time limit
 * @param propagation how the Job's pods are deleted with it ({@link Propagation#ORPHAN} is refused:
 *     it would leave the pods)
 * @param deleteTimeout how long {@code stop} waits for the Job's pods to be gone
 * @param pollInterval how often the pod's state is read while the step starts and runs
 * @param ttlAfterFinished the Job's {@code ttlSecondsAfterFinished}
 * @param deadlineMargin added to the attempt's time limit for the Job's {@code
 *     activeDeadlineSeconds}
 * @param drainTimeout how long, after the pod ended, its followed log may take to end
 */
public record JobStepConfig(
    boolean mountWorkspace,
    Set<String> inlineEnv,
    Duration startTimeout,
    Propagation propagation,
    Duration deleteTimeout,
    Duration pollInterval,
    Duration ttlAfterFinished,
    Duration deadlineMargin,
    Duration drainTimeout) {

  /** The runner's own variables, passed as literals by default. */
  public static final Set<String> RUNNER_VARIABLES =
      Set.of(
          "PIPELINE_NAME",
          "PIPELINE_RUN_ID",
          "PIPELINE_STAGE",
          "PIPELINE_STEP",
          "PIPELINE_ATTEMPT",
          "PIPELINE_OUTPUT");

  /** Validates the components. */
  public JobStepConfig {
    inlineEnv = Set.copyOf(Objects.requireNonNull(inlineEnv, "inlineEnv"));
    positive("startTimeout", startTimeout);
    Objects.requireNonNull(propagation, "propagation");
    if (propagation == Propagation.ORPHAN) {
      throw new IllegalArgumentException(
          "propagation ORPHAN would leave the Job's pods running; allowed FOREGROUND or"
              + " BACKGROUND");
    }
    positive("deleteTimeout", deleteTimeout);
    positive("pollInterval", pollInterval);
    Objects.requireNonNull(ttlAfterFinished, "ttlAfterFinished");
    if (ttlAfterFinished.isNegative() || ttlAfterFinished.getNano() != 0) {
      throw new IllegalArgumentException(
          "ttlAfterFinished must be whole seconds, 0 or more, but was " + ttlAfterFinished);
    }
    Objects.requireNonNull(deadlineMargin, "deadlineMargin");
    if (deadlineMargin.isNegative()) {
      throw new IllegalArgumentException(
          "deadlineMargin must not be negative but was " + deadlineMargin);
    }
    positive("drainTimeout", drainTimeout);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + d);
    }
  }

  /** The defaults above. */
  public static JobStepConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Builds a {@link JobStepConfig}; not thread-safe. */
  public static final class Builder {
    private boolean mountWorkspace = true;
    private final Set<String> inlineEnv = new LinkedHashSet<>(RUNNER_VARIABLES);
    private Duration startTimeout = Duration.ofMinutes(5);
    private Propagation propagation = Propagation.FOREGROUND;
    private Duration deleteTimeout = Duration.ofMinutes(2);
    private Duration pollInterval = Duration.ofMillis(100);
    private Duration ttlAfterFinished = Duration.ofMinutes(10);
    private Duration deadlineMargin = Duration.ofSeconds(30);
    private Duration drainTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Whether the workspace and output directory are mounted as {@code hostPath} volumes (default
     * true). Off, a step sees only its image's files and its {@code $PIPELINE_OUTPUT} writes are
     * lost: for a cluster whose nodes do not see this machine's directories.
     */
    public Builder mountWorkspace(boolean mount) {
      this.mountWorkspace = mount;
      return this;
    }

    /**
     * Also passes these variables as literals in the Job instead of through the Secret (for values
     * that are no secret and that you want to read in the Job's manifest).
     */
    public Builder inlineEnv(String... names) {
      for (String n : List.of(Objects.requireNonNull(names, "names"))) {
        inlineEnv.add(Objects.requireNonNull(n, "names[]"));
      }
      return this;
    }

    /** Passes every variable through the Secret, the runner's own too. */
    public Builder noInlineEnv() {
      inlineEnv.clear();
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public Builder propagation(Propagation value) {
      this.propagation = value;
      return this;
    }

    public Builder deleteTimeout(Duration timeout) {
      this.deleteTimeout = timeout;
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    public Builder ttlAfterFinished(Duration ttl) {
      this.ttlAfterFinished = ttl;
      return this;
    }

    public Builder deadlineMargin(Duration margin) {
      this.deadlineMargin = margin;
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = timeout;
      return this;
    }

    /** Validates and freezes the configuration. */
    public JobStepConfig build() {
      return new JobStepConfig(
          mountWorkspace,
          inlineEnv,
          startTimeout,
          propagation,
          deleteTimeout,
          pollInterval,
          ttlAfterFinished,
          deadlineMargin,
          drainTimeout);
    }
  }
}
