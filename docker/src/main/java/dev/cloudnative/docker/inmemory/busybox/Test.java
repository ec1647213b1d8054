package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.util.List;

/**
 * {@code test EXPR} and {@code [ EXPR ]}: exit 0 if EXPR is true, 1 if false, 2 on a syntax error.
 * EXPR is an optional {@code !} and one primary: a string (true if non-empty), {@code -n}/{@code -z
 * STRING}, a file test ({@code -e -f -d -s -r -w -x}; the model has no permissions, so {@code -r -w
 * -x} mean "exists"), or {@code A = B}, {@code A != B}, {@code A -eq|-ne|-lt|-le|-gt|-ge B}. {@code
 * -a}/{@code -o} chains are not modelled.
 *
 * <p>Immutable and thread-safe.
 */
final class Test implements ContainerProgram {
  private final boolean bracket;

  /**
   * @param bracket true for {@code [}, which needs a closing {@code ]}
   */
  Test(boolean bracket) {
    this.bracket = bracket;
  }

  @Override
  public int run(ProgramContext context) throws java.io.IOException {
    List<String> a = context.args().subList(1, context.args().size());
    if (bracket) {
      if (a.isEmpty() || !a.get(a.size() - 1).equals("]")) {
        context.err("[: missing ]");
        return 2;
      }
      a = a.subList(0, a.size() - 1);
    }
    boolean negate = false;
    if (a.size() > 1 && a.get(0).equals("!")) {
      negate = true;
      a = a.subList(1, a.size());
    }
    Boolean result = evaluate(context, a);
    if (result == null) {
      context.err("test: syntax error: " + String.join(" ", a));
      return 2;
    }
    return result != negate ? 0 : 1;
  }

  private static Boolean evaluate(ProgramContext c, List<String> a) throws java.io.IOException {
    switch (a.size()) {
      case 0:
        return false;
      case 1:
        return !a.get(0).isEmpty();
      case 2:
        return unary(c, a.get(0), a.get(1));
      case 3:
        return binary(a.get(0), a.get(1), a.get(2));
      default:
        return null;
    }
  }

  private static Boolean unary(ProgramContext c, String op, String arg) throws java.io.IOException {
    return switch (op) {
      case "-n" -> !arg.isEmpty();
      case "-z" -> arg.isEmpty();
      case "-f" -> c.readFile(arg).isPresent();
      case "-d" -> c.isDirectory(arg);
      case "-e", "-r", "-w", "-x" -> c.readFile(arg).isPresent() || c.isDirectory(arg);
      case "-s" -> c.readFile(arg).map(b -> b.length > 0).orElse(false);
      default -> null;
    };
  }

  private static Boolean binary(String x, String op, String y) {
    if (op.equals("=") || op.equals("==")) {
      return x.equals(y);
    }
    if (op.equals("!=")) {
      return !x.equals(y);
    }
    long l;
    long r;
    try {
      l = Long.parseLong(x.strip());
      r = Long.parseLong(y.strip());
    } catch (NumberFormatException e) {
      return null;
    }
    return switch (op) {
      case "-eq" -> l == r;
      case "-ne" -> l != r;
      case "-lt" -> l < r;
      case "-le" -> l <= r;
      case "-gt" -> l > r;
      case "-ge" -> l >= r;
      default -> null;
    };
  }
}
