package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The applet table of the in-memory busybox and its multi-call dispatch: {@code argv[0]}'s base
 * name picks the applet ({@code /bin/echo hi}), or {@code argv[1]} when that base name is {@code
 * busybox} ({@code busybox echo hi}), exactly as the real binary decides. {@code busybox --install
 * [-s] [DIR]}, {@code --list} and the bare usage are handled here too.
 *
 * <p>Immutable and thread-safe: the table is fixed and the applets keep no state between runs.
 */
public final class Applets {
  private static final Map<String, ContainerProgram> TABLE;

  static {
    Map<String, ContainerProgram> t = new TreeMap<>();
    t.put("cat", new Cat());
    t.put("echo", new Echo());
    t.put("env", new Env());
    t.put("false", new ExitStatus(1));
    t.put("httpd", new Httpd());
    t.put("id", new Id());
    t.put("ls", new Ls());
    t.put("pwd", new Pwd());
    t.put("seq", new Seq());
    t.put("sleep", new Sleep());
    t.put("test", new Test(false));
    t.put("[", new Test(true));
    t.put("touch", new Touch());
    t.put("true", new ExitStatus(0));
    TABLE = java.util.Collections.unmodifiableMap(t);
  }

  private Applets() {}

  /** The names of the modelled applets, sorted. */
  public static SortedSet<String> names() {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(TABLE.keySet()));
  }

  /** The applet called {@code name}, if it is modelled. */
  public static Optional<ContainerProgram> find(String name) {
    return Optional.ofNullable(TABLE.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Runs what the real busybox would run for {@code context.args()} and returns its exit code: 127
   * with {@code NAME: applet not found} on stderr when the applet is not modelled.
   */
  public static int dispatch(ProgramContext context) throws Exception {
    Objects.requireNonNull(context, "context");
    List<String> argv = context.args();
    if (argv.isEmpty()) {
      context.err("busybox: no argv[0]");
      return 127;
    }
    String name = baseName(argv.get(0));
    if (name.startsWith("busybox")) {
      return multiCall(context);
    }
    ContainerProgram applet = TABLE.get(name);
    if (applet == null) {
      context.err(name + ": applet not found");
      return 127;
    }
    return applet.run(context);
  }

  /** {@code busybox [--install [-s] [DIR] | --list | APPLET ARGS...]}. */
  private static int multiCall(ProgramContext context) throws Exception {
    List<String> argv = context.args();
    if (argv.size() == 1 || argv.get(1).equals("--help")) {
      usage(context);
      return 0;
    }
    switch (argv.get(1)) {
      case "--list", "--list-full" -> {
        boolean full = argv.get(1).equals("--list-full");
        TABLE.keySet().forEach(n -> context.out(full ? "bin/" + n : n));
        return 0;
      }
      case "--install" -> {
        return install(context, argv.subList(2, argv.size()));
      }
      default -> {
        return dispatch(new ArgvContext(context, argv.subList(1, argv.size()), context.env()));
      }
    }
  }

  /**
   * The real binary links every applet into DIR; here an empty file per modelled applet stands for
   * the link, so {@code ls /bin} and {@code test -f /bin/echo} see what {@code --install} made. The
   * applets themselves need no link: the engine finds them by name.
   */
  private static int install(ProgramContext context, List<String> args) throws java.io.IOException {
    List<String> rest = new ArrayList<>(args);
    rest.remove("-s");
    String dir = rest.isEmpty() ? "/bin" : rest.get(0);
    for (String n : TABLE.keySet()) {
      if (!n.equals("[")) {
        context.writeFile(dir + "/" + n, new byte[0]);
      }
    }
    return 0;
  }

  private static void usage(ProgramContext context) {
    context.out("BusyBox v1.35.0 multi-call binary (in-memory model of the cloudnative SDK).");
    context.out("");
    context.out("Usage: busybox [function [arguments]...]");
    context.out("   or: busybox --list[-full]");
    context.out("   or: busybox --install [-s] [DIR]");
    context.out("   or: function [arguments]...");
    context.out("");
    context.out("Currently defined functions:");
    context.out("\t" + String.join(", ", TABLE.keySet()));
  }

  static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
