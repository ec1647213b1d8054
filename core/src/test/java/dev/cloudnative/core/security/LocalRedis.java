package dev.cloudnative.core.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server child process on a free loopback port, started from an argument list, as the
 * storage module's tests do: the binary comes from CLOUDNATIVE_REDIS_SERVER, else
 * /usr/bin/redis-server; without one the test is skipped with the reason printed, or fails when
 * CI=true.
 */
final class LocalRedis implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path dir;

  private LocalRedis(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static LocalRedis start() {
    String env = System.getenv("CLOUDNATIVE_REDIS_SERVER");
    Path binary = env != null && !env.isBlank() ? Path.of(env) : Path.of("/usr/bin/redis-server");
    if (!Files.isExecutable(binary)) {
      String reason =
          "redis-server not found (CLOUDNATIVE_REDIS_SERVER=" + env + ", tried " + binary + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(reason + " and CI=true requires it");
      }
      System.out.println("Skipping Redis test: " + reason);
      Assumptions.abort(reason);
    }
    try {
      int port = freePort();
      Path dir = Files.createTempDirectory("cn-core-redis-");
      Process p =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "--port",
                      String.valueOf(port),
                      "--bind",
                      "127.0.0.1",
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--dir",
                      dir.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      LocalRedis redis = new LocalRedis(p, port, dir);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < until) {
        if (redis.ping()) {
          return redis;
        }
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "redis-server exited: " + Files.readString(dir.resolve("redis.log")));
        }
        Thread.sleep(20);
      }
      redis.close();
      throw new IllegalStateException("redis-server on port " + port + " did not answer in 30 s");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int port() {
    return port;
  }

  private boolean ping() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[16];
      int n = in.read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false; // not up yet
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return ss.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "redis-server on 127.0.0.1:" + port + " in " + dir;
  }
}
