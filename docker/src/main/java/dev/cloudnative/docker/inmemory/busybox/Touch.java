package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;

/**
 * {@code touch [-c] FILE...}: creates missing files empty and keeps existing ones ({@code -c}:
 * never creates). The model has no timestamps to update.
 *
 * <p>Stateless and thread-safe.
 */
final class Touch implements ContainerProgram {
  @Override
  public int run(ProgramContext context) throws java.io.IOException {
    boolean create = true;
    int code = 0;
    for (String f : context.args().subList(1, context.args().size())) {
      if (f.equals("-c")) {
        create = false;
        continue;
      }
      if (context.readFile(f).isPresent() || context.isDirectory(f) || !create) {
        continue;
      }
      try {
        context.writeFile(f, new byte[0]);
      } catch (java.io.IOException e) {
        context.err("touch: " + e.getMessage()); // the message starts with the path
        code = 1;
      }
    }
    return code;
  }
}
