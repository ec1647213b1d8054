package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code cat FILE...}: the files' text, line by line, through the container's file system (image
 * files, bind mounts, volumes). A missing file or a directory is reported like busybox and makes
 * the exit code 1; containers have no stdin in this model, so {@code cat} alone and {@code cat -}
 * read nothing.
 *
 * <p>Stateless and thread-safe.
 */
final class Cat implements ContainerProgram {
  @Override
  public int run(ProgramContext context) throws java.io.IOException {
    int code = 0;
    for (String f : context.args().subList(1, context.args().size())) {
      if (f.equals("-")) {
        continue;
      }
      Optional<byte[]> b = context.readFile(f);
      if (b.isEmpty()) {
        if (context.isDirectory(f)) {
          context.err("cat: read error: Is a directory");
        } else {
          context.err("cat: can't open '" + f + "': No such file or directory");
        }
        code = 1;
        continue;
      }
      String text = new String(b.get(), StandardCharsets.UTF_8);
      String[] lines = text.split("\n", -1);
      int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
      for (int i = 0; i < n; i++) {
        context.out(lines[i]);
      }
    }
    return code;
  }
}
