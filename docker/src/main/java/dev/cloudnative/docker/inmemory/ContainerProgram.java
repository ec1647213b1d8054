package dev.cloudnative.docker.inmemory;

/**
 * What runs when the in-memory engine executes a command: the stand-in for a binary in an image.
 * Looked up by the base name of the command's first argument ({@code /bin/echo} and {@code echo}
 * both find {@code "echo"}), for the container's main process, for exec, and for {@code RUN} steps
 * of a build.
 *
 * <p>Implementations must be thread-safe: many containers may run the same program at once.
 */
@FunctionalInterface
public interface ContainerProgram {
  /**
   * Runs to completion and returns the exit code. Long-running programs should return once {@link
   * ProgramContext#stopRequested()} turns true (or their thread is interrupted), like a process
   * handling SIGTERM; programs that ignore it are killed (exit 137) when the stop grace period
   * ends. An exception counts as exit 1.
   */
  int run(ProgramContext context) throws Exception;
}
