package dev.cloudnative.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server child process for tests, on a free loopback port, started from an argument
 * list (never a shell string). The binary comes from CLOUDNATIVE_REDIS_SERVER, else
 * /usr/bin/redis-server; if neither exists the test is skipped, or fails when CI=true.
 */
public final class RedisServer implements AutoCloseable {
  private final Path binary;
  private final int port;
  private final boolean appendOnly;
  private Path dir;
  private Process process;

  private RedisServer(Path binary, int port, boolean appendOnly) {
    this.binary = binary;
    this.port = port;
    this.appendOnly = appendOnly;
  }

  /** The redis-server binary, or skip/fail per the CI rule. */
  public static Path binary() {
    String env = System.getenv("CLOUDNATIVE_REDIS_SERVER");
    Path p = env != null && !env.isBlank() ? Path.of(env) : Path.of("/usr/bin/redis-server");
    if (!Files.isExecutable(p)) {
      String reason =
          "redis-server not found (CLOUDNATIVE_REDIS_SERVER=" + env + ", tried " + p + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(reason + " and CI=true requires it");
      }
      System.out.println("Skipping Redis test: " + reason);
      Assumptions.abort(reason);
    }
    return p;
  }

  public static RedisServer start(boolean appendOnly) {
    RedisServer s = new RedisServer(binary(), freePort(), appendOnly);
    s.startProcess();
    return s;
  }

  private static int freePort() {
    try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return ss.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  /** Starts on the same port with a fresh, empty directory. */
  public void startProcess() {
    try {
      dir = Files.createTempDirectory("cn-redis-" + port + "-");
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  binary.toString(),
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  appendOnly ? "yes" : "no",
                  "--dir",
                  dir.toString()));
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < until) {
        if (ping()) {
          return;
        }
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "redis-server exited: " + Files.readString(dir.resolve("redis.log")));
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException(
          "redis-server on port " + port + " did not answer PING in 10 s");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean ping() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** The server process id (for SIGSTOP / SIGCONT). */
  public long pid() {
    return process.pid();
  }

  /** kill -STOP: the server stops answering but keeps its connections and data. */
  public void pause() {
    signal("-STOP");
  }

  /** kill -CONT after {@link #pause()}. */
  public void resume() {
    signal("-CONT");
  }

  private void signal(String sig) {
    try {
      Process p = new ProcessBuilder(List.of("kill", sig, String.valueOf(process.pid()))).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("kill " + sig + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** kill -9. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process != null) {
      kill();
    }
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort cleanup of a temp dir
      }
    }
  }
}
