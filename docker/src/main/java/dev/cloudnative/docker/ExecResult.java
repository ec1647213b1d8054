package dev.cloudnative.docker;

/**
 * Outcome of a command run inside a container with {@link ContainerEngine#exec}.
 *
 * <p>Immutable and thread-safe.
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
  public boolean succeeded() {
    return exitCode == 0;
  }
}
