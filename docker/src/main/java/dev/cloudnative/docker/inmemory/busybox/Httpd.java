package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code httpd -f [-v[v]] [-p [IP:]PORT] [-h HOME]}: a real HTTP/1.1 static file server, serving
 * GET and HEAD of the container's files under HOME (default: the working directory) on 127.0.0.1 at
 * the host port the container port is published on ({@link ProgramContext#hostPort}). Answers are
 * busybox's: {@code index.html} for a directory URL ending in {@code /}, 302 to add the slash to a
 * directory URL, busybox's 404/400/501 pages, its {@code Content-type} table; {@code -v} logs
 * {@code IP:PORT: response:CODE} to stderr, {@code -vv} also the URL.
 *
 * <p>Deliberate differences: connections are kept alive (busybox closes after every response;
 * clients cannot tell but for speed), with TCP_NODELAY so a keep-alive answer never waits for the
 * 40 ms delayed-ACK/Nagle stall; there is no CGI, ranges, auth or config file. Without {@code -f}
 * busybox daemonizes and the container's main process exits 0 at once, so it does here. An
 * unpublished port serves nobody, as a real container's port nobody can reach; the process still
 * runs until stopped. Stop closes the listening socket and every connection at once and exits 143.
 *
 * <p>Stateless and thread-safe: each run has its own server socket and connection threads.
 */
final class Httpd implements ContainerProgram {
  private static final Logger LOG = LoggerFactory.getLogger(Httpd.class);
  private static final Duration JOIN = Duration.ofSeconds(2);

  /** The parsed command line. */
  private record Options(boolean foreground, int verbose, int port, String home) {}

  @Override
  public int run(ProgramContext context) throws IOException, InterruptedException {
    Options o;
    try {
      o = parse(context.args(), context.workingDir());
    } catch (IllegalArgumentException e) {
      context.err("httpd: " + e.getMessage());
      context.err("Usage: httpd -f [-v[v]] [-p [IP:]PORT] [-h HOME]");
      return 1;
    }
    if (!o.foreground()) {
      return 0; // busybox forks into the background; the container's main process is the parent,
      // which exits 0
    }
    int hostPort;
    try {
      hostPort = context.hostPort(o.port());
    } catch (IllegalStateException unpublished) {
      LOG.debug("httpd: container port {} is not published; nothing can reach it", o.port());
      while (!context.awaitStop(Duration.ofDays(1))) {
        LOG.trace("httpd still waiting for stop");
      }
      return 143;
    }
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    try {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), hostPort), 128);
    } catch (BindException e) {
      server.close();
      context.err("httpd: bind: Address already in use");
      return 1;
    }
    Set<Socket> open = ConcurrentHashMap.newKeySet();
    Thread acceptor =
        new Thread(() -> accept(server, open, context, o), "inmemory-httpd-" + hostPort);
    acceptor.setDaemon(true);
    acceptor.start();
    try {
      while (!context.awaitStop(Duration.ofDays(1))) {
        LOG.trace("httpd on {} still serving", hostPort);
      }
      return 143;
    } finally {
      server.close();
      for (Socket s : open) {
        closeQuietly(s);
      }
      acceptor.join(JOIN.toMillis());
    }
  }

  private static void accept(
      ServerSocket server, Set<Socket> open, ProgramContext context, Options o) {
    AtomicInteger n = new AtomicInteger();
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException closed) {
        return; // the server socket was closed by stop
      }
      open.add(s);
      Thread t =
          new Thread(
              () -> {
                try {
                  // Without TCP_NODELAY a response written after a short read waits for the
                  // client's delayed ACK.
                  s.setTcpNoDelay(true);
                  new HttpConnection(s, context, o.home(), o.verbose()).serve();
                } catch (IOException e) {
                  LOG.debug(
                      "httpd connection from {} ended: {}",
                      s.getRemoteSocketAddress(),
                      e.toString());
                } finally {
                  open.remove(s);
                  closeQuietly(s);
                }
              },
              "inmemory-httpd-" + server.getLocalPort() + "-" + n.incrementAndGet());
      t.setDaemon(true);
      t.start();
      if (server.isClosed()) {
        closeQuietly(s); // stop raced the accept: the finally above may already have run
      }
    }
  }

  private static Options parse(List<String> args, String workingDir) {
    boolean foreground = false;
    int verbose = 0;
    int port = 80;
    String home = workingDir;
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("-") || a.length() < 2) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      for (int k = 1; k < a.length(); k++) {
        char ch = a.charAt(k);
        switch (ch) {
          case 'f' -> foreground = true;
          case 'v' -> verbose++;
          case 'p', 'h' -> {
            String value =
                k + 1 < a.length()
                    ? a.substring(k + 1)
                    : (i + 1 < args.size() ? args.get(++i) : null);
            if (value == null) {
              throw new IllegalArgumentException("option requires an argument -- '" + ch + "'");
            }
            if (ch == 'p') {
              port = port(value);
            } else {
              home = value;
            }
            k = a.length();
          }
          default ->
              throw new IllegalArgumentException(
                  "option -"
                      + ch
                      + " is not modelled by the in-memory busybox"
                      + " (it models -f, -v, -p and -h)");
        }
      }
    }
    return new Options(foreground, verbose, port, home);
  }

  private static int port(String value) {
    String p = value.substring(value.lastIndexOf(':') + 1);
    try {
      int port = Integer.parseInt(p);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port '" + value + "'");
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      LOG.trace("closing {} failed", s, e);
    }
  }
}
