package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;

/**
 * {@code pwd}: prints the working directory.
 *
 * <p>Stateless and thread-safe.
 */
final class Pwd implements ContainerProgram {
  @Override
  public int run(ProgramContext context) {
    context.out(context.workingDir());
    return 0;
  }
}
