package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code env [-i] [-u NAME]... [-] [NAME=VALUE]... [COMMAND [ARG]...]}: prints the environment, or
 * runs COMMAND with the changed environment. COMMAND must be a busybox applet here: the applet
 * table is all this binary can reach (other programs of the daemon are outside the model of one
 * binary), anything else fails like a missing file.
 *
 * <p>Stateless and thread-safe.
 */
final class Env implements ContainerProgram {
  @Override
  public int run(ProgramContext context) throws Exception {
    List<String> a = context.args();
    Map<String, String> env = new LinkedHashMap<>(context.env());
    int i = 1;
    for (; i < a.size(); i++) {
      String s = a.get(i);
      if (s.equals("-i") || s.equals("-") || s.equals("--ignore-environment")) {
        env.clear();
      } else if (s.equals("-u") && i + 1 < a.size()) {
        env.remove(a.get(++i));
      } else if (s.startsWith("-u") && s.length() > 2) {
        env.remove(s.substring(2));
      } else if (s.equals("--")) {
        i++;
        break;
      } else {
        break;
      }
    }
    for (; i < a.size() && a.get(i).indexOf('=') > 0; i++) {
      String s = a.get(i);
      env.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
    }
    if (i == a.size()) {
      env.forEach((k, v) -> context.out(k + "=" + v));
      return 0;
    }
    String command = a.get(i);
    String name = Applets.baseName(command);
    if (!name.startsWith("busybox") && Applets.find(name).isEmpty()) {
      context.err("env: can't execute '" + command + "': No such file or directory");
      return 127;
    }
    return Applets.dispatch(new ArgvContext(context, a.subList(i, a.size()), env));
  }
}
