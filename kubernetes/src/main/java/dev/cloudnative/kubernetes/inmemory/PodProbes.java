package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.PodContainer;
import dev.cloudnative.kubernetes.Probe;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs readiness and liveness probes against a container started by a pod runtime, as the kubelet
 * does: an HTTP GET that succeeds on 2xx or 3xx, a TCP connect (that the peer does not close at
 * once, see {@link #tcp}), or an exec whose exit code is 0. Each check has the kubelet's default
 * timeout of one second.
 *
 * <p>Only loopback addresses are ever dialled: a runtime must publish pods on loopback, and a probe
 * of any other address fails without a connection attempt.
 *
 * <p>Stateless and thread-safe.
 */
final class PodProbes {
  private static final Logger LOG = LoggerFactory.getLogger(PodProbes.class);
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  /**
   * How long a TCP probe's connection must stay open to count as a listener rather than a proxy's
   * accept.
   */
  static final Duration PROXY_SETTLE = Duration.ofMillis(100);

  private PodProbes() {}

  /** True when the probe passes now. */
  static boolean passes(Probe probe, PodContainer container, String pod) {
    try {
      return switch (probe.type()) {
        case HTTP -> http(container, probe.port(), probe.path());
        case TCP -> tcp(container, probe.port());
        case EXEC -> container.exec(probe.command(), TIMEOUT).succeeded();
      };
    } catch (IOException | RuntimeException e) {
      LOG.debug("probe {} of pod {} failed: {}", probe.type(), pod, e.toString());
      return false;
    }
  }

  private static InetSocketAddress address(PodContainer container, int containerPort)
      throws IOException {
    InetAddress host = InetAddress.getByName(container.host());
    if (!host.isLoopbackAddress()) {
      throw new IOException(
          "refusing to probe " + container.host() + ": pod runtimes publish on loopback only");
    }
    Integer published = container.ports().get(containerPort);
    if (published == null) {
      throw new IOException(
          "container port " + containerPort + " is not published; published: " + container.ports());
    }
    return new InetSocketAddress(host, published);
  }

  /**
   * A TCP connect that stays open. Engines that publish ports through a userland proxy (Docker's
   * docker-proxy, Podman's rootlessport) accept a connection before the container listens and then
   * close it: a connection the peer closes at once is therefore a failure, while one that stays
   * open, or that sends a banner, is a pass.
   */
  private static boolean tcp(PodContainer container, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(address(container, port), (int) TIMEOUT.toMillis());
      s.setSoTimeout((int) PROXY_SETTLE.toMillis());
      try {
        return s.getInputStream().read() != -1;
      } catch (java.net.SocketTimeoutException stillOpen) {
        return true;
      }
    }
  }

  private static boolean http(PodContainer container, int port, String path) throws IOException {
    InetSocketAddress a = address(container, port);
    URI uri = URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + path);
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try {
      c.setConnectTimeout((int) TIMEOUT.toMillis());
      c.setReadTimeout((int) TIMEOUT.toMillis());
      c.setInstanceFollowRedirects(false);
      c.setRequestProperty("User-Agent", "kube-probe/cloudnative");
      int code = c.getResponseCode();
      c.getInputStream().close();
      return code >= 200 && code < 400;
    } catch (IOException e) {
      if (c.getErrorStream() != null) {
        c.getErrorStream().close();
      }
      throw e;
    } finally {
      c.disconnect();
    }
  }
}
