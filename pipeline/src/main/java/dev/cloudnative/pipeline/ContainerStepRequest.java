package dev.cloudnative.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of a {@link ContainerStep}, as the runner hands it to a {@link
 * ContainerStepExecutor}: what to run, with which environment, where, and which host directories to
 * mount. The runner has resolved everything: the environment is complete (the runner's, the
 * pipeline's, the stage's and the step's variables, outputs of earlier stages and the {@code
 * PIPELINE_*} variables, never this JVM's own environment, which describes the host and not the
 * image), the working directory is a path inside the container, and {@code $PIPELINE_OUTPUT} names
 * a file under a bound directory. Immutable record, thread-safe.
 *
 * @param pipeline the pipeline's name
 * @param runId the run's id
 * @param stage the stage's name
 * @param step the step's name
 * @param attempt the attempt, counting from 1
 * @param image the image reference
 * @param command the argument list run in the container; empty means the image's default command
 * @param env the container's complete environment, in the order the runner merged it
 * @param workingDirectory the absolute path inside the container the command starts in
 * @param binds host directories to mount read-write, each to the absolute container path it must
 *     appear at; always holds the runner's workspace at {@link #WORKSPACE} and the run's output
 *     directory at {@link #OUTPUT_DIRECTORY}, and the artifacts handed to the stage at {@link
 *     #ARTIFACTS_DIRECTORY} when there are any
 * @param timeout what is left of the attempt's time limit when it starts, if it has one; the runner
 *     enforces it itself (it calls {@link ContainerStepExecution#stop}), an executor may use it as
 *     a backstop on the engine's side
 */
public record ContainerStepRequest(
    String pipeline,
    String runId,
    String stage,
    String step,
    int attempt,
    String image,
    List<String> command,
    Map<String, String> env,
    String workingDirectory,
    Map<Path, String> binds,
    Optional<Duration> timeout) {

  /** Where the runner's workspace appears inside the container (Tekton's and Cloud Build's). */
  public static final String WORKSPACE = "/workspace";

  /** Where the run's output directory appears; {@code $PIPELINE_OUTPUT} is a file in it. */
  public static final String OUTPUT_DIRECTORY = "/pipeline/output";

  /**
   * Where the artifacts handed to the step's stage appear, when the stage needs one that declares
   * artifacts: {@code $PIPELINE_ARTIFACTS/<stage>/<path>}.
   */
  public static final String ARTIFACTS_DIRECTORY = "/pipeline/artifacts";

  /** Validates the components and makes collections immutable copies (order kept). */
  public ContainerStepRequest {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(image, "image");
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    env = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(env, "env")));
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    binds =
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(binds, "binds")));
    Objects.requireNonNull(timeout, "timeout");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1 but was " + attempt);
    }
    if (image.isBlank()) {
      throw new IllegalArgumentException("image '" + image + "' is blank; allowed an image ref");
    }
    if (!workingDirectory.startsWith("/")) {
      throw new IllegalArgumentException(
          "working directory '"
              + workingDirectory
              + "' is relative; allowed an absolute path inside the container");
    }
    binds.forEach(
        (host, target) -> {
          if (!host.isAbsolute() || !target.startsWith("/")) {
            throw new IllegalArgumentException(
                "bind "
                    + host
                    + " -> "
                    + target
                    + " is not absolute on both sides; allowed an absolute host directory and an"
                    + " absolute container path");
          }
        });
    timeout.ifPresent(
        t -> {
          if (t.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative but was " + t);
          }
        });
  }

  /** The host directory mounted at {@link #WORKSPACE}. */
  public Path workspace() {
    return binds.entrySet().stream()
        .filter(e -> e.getValue().equals(WORKSPACE))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no bind to " + WORKSPACE + " in " + binds));
  }
}
