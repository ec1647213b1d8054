package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * What a command run in a pod's container ({@link Cluster#exec}) left: its exit code and the text
 * it wrote to stdout and stderr (as the kubelet streams them, lines ending in {@code \n}). The same
 * shape as the docker module's {@code ExecResult}.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param exitCode the command's exit code (0 for success)
 * @param stdout what it wrote to stdout
 * @param stderr what it wrote to stderr
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

  public ExecResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** Whether the command exited with 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }
}
