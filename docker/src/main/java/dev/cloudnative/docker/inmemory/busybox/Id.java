package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;

/**
 * {@code id [-u|-g]}: the container's user. The image has no {@code /etc/passwd} to map names, so
 * ids print as given ({@code USER 1000:1000} gives {@code uid=1000 gid=1000}); root is {@code
 * uid=0(root) gid=0(root)}.
 *
 * <p>Stateless and thread-safe.
 */
final class Id implements ContainerProgram {
  @Override
  public int run(ProgramContext context) {
    String user = context.user().isEmpty() ? "0" : context.user();
    String uid = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    String gid = user.contains(":") ? user.substring(user.indexOf(':') + 1) : uid;
    boolean root = uid.equals("0") || uid.equals("root");
    String args = String.join(" ", context.args().subList(1, context.args().size()));
    switch (args) {
      case "-u" -> context.out(root ? "0" : uid);
      case "-g" -> context.out(root && gid.equals(uid) ? "0" : gid);
      case "" -> context.out(root ? "uid=0(root) gid=0(root)" : "uid=" + uid + " gid=" + gid);
      default -> {
        context.err("id: unrecognized option '" + args + "' (the in-memory id models -u and -g)");
        return 1;
      }
    }
    return 0;
  }
}
