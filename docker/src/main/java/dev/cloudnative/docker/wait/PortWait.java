package dev.cloudnative.docker.wait;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.WaitStrategy;
import dev.cloudnative.docker.internal.Validate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ready when a TCP connection to the published port is accepted and not dropped straight away.
 * Docker's userland proxy accepts every connection on the host port and closes it when the
 * container side refuses, so a connection that reads end-of-stream within the probe window counts
 * as "not yet"; one that stays open (or sends a banner) is a listening server.
 *
 * <p>Immutable and thread-safe.
 */
public final class PortWait implements WaitStrategy {
  private static final int PROBE_MILLIS = 300;
  private final int containerPort;
  private final Duration timeout;

  public PortWait(int containerPort, Duration timeout) {
    this.containerPort = Validate.port("container port", containerPort, false);
    this.timeout = Polling.requirePositive(timeout);
  }

  @Override
  public void waitUntilReady(ContainerEngine engine, String container, Instant deadline) {
    String host = engine.publishedPortHost();
    Polling.until(
        engine,
        container,
        deadline,
        "port " + containerPort,
        () -> {
          int hostPort = engine.inspect(container).mappedPort(containerPort);
          return probe(host, hostPort);
        });
  }

  static Optional<String> probe(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1000);
      s.setSoTimeout(PROBE_MILLIS);
      InputStream in = s.getInputStream();
      try {
        return in.read() < 0
            ? Optional.of(host + ":" + port + " accepted then closed (proxy, nothing listening)")
            : Optional.empty();
      } catch (SocketTimeoutException stillOpen) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.of(host + ":" + port + " " + e.getMessage());
    }
  }

  @Override
  public Duration startupTimeout() {
    return timeout;
  }

  @Override
  public WaitStrategy withStartupTimeout(Duration timeout) {
    return new PortWait(containerPort, timeout);
  }

  @Override
  public String toString() {
    return "port " + containerPort + "/tcp";
  }
}
