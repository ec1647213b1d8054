package dev.cloudnative.pipeline;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What a {@link JavaTask} sees of its run. Valid only during the task; thread-safe. */
public interface StepContext {

  /** The run's id. */
  String runId();

  /** The stage this step belongs to. */
  String stageName();

  /** This step's name. */
  String stepName();

  /** The 1-based attempt number. */
  int attempt();

  /**
   * The variables the pipeline defines for this step: runner config, pipeline, stage and step env,
   * outputs of ancestor stages ({@code OUTPUT_<STAGE>_<KEY>}) and {@code PIPELINE_*}. The JVM's own
   * environment is not repeated here; read it with {@link System#getenv()}.
   */
  Map<String, String> env();

  /** The directory the step runs in. */
  Path workingDirectory();

  /** Writes lines into the step's output. */
  StepLogger logger();

  /** Publishes an output for later stages (and later steps of this stage). */
  void output(String key, String value);

  /** An output published by an earlier step of this stage or by an ancestor stage. */
  Optional<String> input(String stage, String key);

  /** Whether the step was asked to stop (timeout or cancel); the thread is interrupted as well. */
  boolean isStopRequested();
}
