package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.PortForward;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port-forward of the in-memory cluster: a server socket on an ephemeral loopback port, and for
 * every accepted connection a connection to the pod's published port (resolved per connection, so a
 * restarted container is followed; no target means the pod is gone and the connection is closed at
 * once) with one thread copying each direction. A half-close is passed on (end of input shuts the
 * other side's output), so request/response protocols that end a request with a half-close work.
 * The target is always a loopback address a pod runtime published; simulated pods never get here.
 *
 * <p>Thread-safe: the open sockets are a concurrent set; close happens once.
 */
final class LoopbackForwarder implements PortForward {

  private static final Logger LOG = LoggerFactory.getLogger(LoopbackForwarder.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final String namespace;
  private final String pod;
  private final int podPort;
  private final Supplier<Optional<InetSocketAddress>> target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  private LoopbackForwarder(
      String namespace,
      String pod,
      int podPort,
      Supplier<Optional<InetSocketAddress>> target,
      ServerSocket server) {
    this.namespace = namespace;
    this.pod = pod;
    this.podPort = podPort;
    this.target = target;
    this.server = server;
  }

  /** Listens on 127.0.0.1 (ephemeral port) and starts accepting. */
  static LoopbackForwarder open(
      String namespace, String pod, int podPort, Supplier<Optional<InetSocketAddress>> target) {
    ServerSocket server;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new KubernetesException(
          "cannot listen on a loopback port to forward " + namespace + "/" + pod + ":" + podPort,
          "Pod",
          namespace,
          pod,
          0,
          e);
    }
    LoopbackForwarder f = new LoopbackForwarder(namespace, pod, podPort, target, server);
    thread("accept", f::acceptLoop).start();
    LOG.debug("forwarding {} to pod {}/{} port {}", f.localAddress(), namespace, pod, podPort);
    return f;
  }

  private static Thread thread(String what, Runnable r) {
    Thread t = new Thread(r, "inmemory-port-forward-" + what + "-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed.get()) {
          LOG.warn("port-forward {} stopped accepting", localAddress(), e);
        }
        return;
      }
      relay(client);
    }
  }

  private void relay(Socket client) {
    open.add(client);
    if (closed.get()) {
      // accepted while close() ran: close() may already have closed the others
      closeQuietly(client);
      return;
    }
    Optional<InetSocketAddress> to = target.get();
    if (to.isEmpty()) {
      LOG.info("pod {}/{} is gone: connection to port-forward refused", namespace, pod);
      closeQuietly(client);
      return;
    }
    Socket upstream = new Socket();
    try {
      upstream.connect(to.get());
    } catch (IOException e) {
      LOG.info(
          "pod {}/{} port {} refused the connection: {}", namespace, pod, podPort, e.toString());
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    open.add(upstream);
    if (closed.get()) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    AtomicInteger ended = new AtomicInteger();
    thread("in", () -> copy(client, upstream, client, ended)).start();
    thread("out", () -> copy(upstream, client, client, ended)).start();
  }

  /**
   * Copies until end of input, then half-closes the other side; the pair closes when both
   * directions ended, or at once when one fails.
   */
  private void copy(Socket from, Socket to, Socket client, AtomicInteger ended) {
    Socket other = from == client ? to : from;
    byte[] buffer = new byte[16 * 1024];
    boolean clean = false;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
      clean = true;
    } catch (SocketException e) {
      // the other direction or close() closed the sockets: the relay ends
      LOG.trace("relay of {} ended: {}", localAddress(), e.toString());
    } catch (IOException e) {
      LOG.debug("relay of {} failed", localAddress(), e);
    }
    if (!clean || ended.incrementAndGet() == 2) {
      closeQuietly(client);
      closeQuietly(other);
    }
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      LOG.trace("closing a relayed socket failed", e);
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public String pod() {
    return pod;
  }

  @Override
  public int podPort() {
    return podPort;
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing port-forward {} failed", localAddress(), e);
    }
    open.forEach(this::closeQuietly);
  }

  @Override
  public String toString() {
    return "port-forward " + localAddress() + " -> pod " + namespace + "/" + pod + ":" + podPort;
  }
}
