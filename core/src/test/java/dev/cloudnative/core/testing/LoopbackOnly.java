package dev.cloudnative.core.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Permission;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A security manager that refuses every connection attempt beyond loopback, and every name lookup
 * other than {@code localhost} and this machine's own name, made by anything in the JVM (the JDK
 * HTTP client, plain sockets, NIO channels, Netty, lettuce, docker-java's TCP transport). Every
 * refusal is recorded, so a suite can prove at its end that nothing tried, even where the code
 * under test caught the exception. Every other permission is granted.
 *
 * <p>Installed for the whole test JVM by {@link LoopbackGuardListener}, or in a child JVM with
 * {@code -Djava.security.manager=dev.cloudnative.core.testing.LoopbackOnly}; JDK 17 allows both.
 *
 * <p>Thread-safe.
 */
public final class LoopbackOnly extends SecurityManager {

  /** The line a child JVM prints to stderr for each refusal, for a parent test to look for. */
  public static final String MARKER = "[loopback-only] refused ";

  private static final List<String> REFUSED = new CopyOnWriteArrayList<>();
  private final String ownName;

  public LoopbackOnly() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = "localhost";
    }
    ownName = name.toLowerCase(Locale.ROOT);
  }

  /** The attempts refused so far in this JVM, oldest first. */
  public static List<String> refused() {
    return List.copyOf(REFUSED);
  }

  /** Installs one in this JVM unless one is there already; returns whether it is installed. */
  @SuppressWarnings("removal")
  public static boolean install() {
    if (System.getSecurityManager() instanceof LoopbackOnly) {
      return true;
    }
    System.setSecurityManager(new LoopbackOnly());
    return System.getSecurityManager() instanceof LoopbackOnly;
  }

  @Override
  public void checkPermission(Permission perm) {
    // granted: this manager only polices where connections go
  }

  @Override
  public void checkPermission(Permission perm, Object context) {
    // granted: this manager only polices where connections go
  }

  @Override
  public void checkConnect(String host, int port) {
    check(host, port);
  }

  @Override
  public void checkConnect(String host, int port, Object context) {
    check(host, port);
  }

  private void check(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    boolean allowed =
        port == -1
            ? isLoopbackLiteral(h) || h.equals("localhost") || h.equals(ownName) || isLiteral(h)
            : isLoopbackLiteral(h);
    if (!allowed) {
      String what = (port == -1 ? "name lookup of " + host : "connection to " + host + ":" + port);
      REFUSED.add(what);
      System.err.println(MARKER + what);
      throw new SecurityException(
          "loopback-only run: " + what + " refused (only 127.0.0.0/8 and ::1 may be dialled)");
    }
  }

  /** A literal address resolves without any lookup; connecting to it is what counts. */
  private static boolean isLiteral(String h) {
    return h.matches("[0-9.]+") || h.contains(":");
  }

  private static boolean isLoopbackLiteral(String h) {
    return h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }
}
