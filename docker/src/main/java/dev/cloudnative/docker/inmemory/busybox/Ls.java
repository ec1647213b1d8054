package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ls [-1aA] [PATH]...}: names one per line (the output is not a terminal), files first, then
 * each directory; with several operands a directory gets a {@code DIR:} header and a blank line
 * between sections, like busybox. A missing operand is reported on stderr and makes the exit code 1
 * (2 for a bad option).
 *
 * <p>Stateless and thread-safe.
 */
final class Ls implements ContainerProgram {
  @Override
  public int run(ProgramContext context) throws java.io.IOException {
    boolean dots = false;
    List<String> operands = new ArrayList<>();
    for (String s : context.args().subList(1, context.args().size())) {
      if (s.startsWith("-") && s.length() > 1) {
        for (char ch : s.substring(1).toCharArray()) {
          switch (ch) {
            case '1', 'A' -> {}
            case 'a' -> dots = true;
            default -> {
              context.err(
                  "ls: unrecognized option '" + s + "' (the in-memory ls models -1, -a and -A)");
              return 2;
            }
          }
        }
      } else {
        operands.add(s);
      }
    }
    if (operands.isEmpty()) {
      operands.add(".");
    }
    int code = 0;
    boolean wrote = false;
    List<String> dirs = new ArrayList<>();
    for (String p : operands) {
      if (context.readFile(p).isPresent()) {
        context.out(p);
        wrote = true;
      } else if (context.isDirectory(p)) {
        dirs.add(p);
      } else {
        context.err("ls: " + p + ": No such file or directory");
        code = 1;
      }
    }
    boolean headers = operands.size() > 1;
    for (String d : dirs) {
      if (headers) {
        if (wrote) {
          context.out("");
        }
        context.out(d + ":");
      }
      wrote = true;
      if (dots) {
        context.out(".");
        context.out("..");
      }
      context.list(d).forEach(context::out);
    }
    return code;
  }
}
