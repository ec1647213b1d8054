package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;

/**
 * {@code true} and {@code false}: ignore their arguments (even {@code --help}, like busybox) and
 * exit 0 or 1.
 *
 * <p>Immutable and thread-safe.
 */
final class ExitStatus implements ContainerProgram {
  private final int code;

  ExitStatus(int code) {
    this.code = code;
  }

  @Override
  public int run(ProgramContext context) {
    return code;
  }
}
