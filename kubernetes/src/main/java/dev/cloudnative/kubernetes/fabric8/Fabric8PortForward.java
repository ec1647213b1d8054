package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.PortForward;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port-forward over the API server's {@code pods/portforward} websocket, as fabric8 opens it: a
 * loopback listener whose connections each open one websocket stream to the pod's port.
 *
 * <p>Thread-safe: fabric8's forward is; close happens once.
 */
final class Fabric8PortForward implements PortForward {

  private static final Logger LOG = LoggerFactory.getLogger(Fabric8PortForward.class);

  private final String namespace;
  private final String pod;
  private final int podPort;
  private final LocalPortForward forward;
  private final AtomicBoolean closed = new AtomicBoolean();

  Fabric8PortForward(String namespace, String pod, int podPort, LocalPortForward forward) {
    this.namespace = namespace;
    this.pod = pod;
    this.podPort = podPort;
    this.forward = forward;
  }

  @Override
  public InetSocketAddress localAddress() {
    return new InetSocketAddress(forward.getLocalAddress(), forward.getLocalPort());
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
    return !closed.get() && forward.isAlive();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      forward.close();
    } catch (IOException e) {
      LOG.debug("closing the port-forward to {}/{}:{} failed", namespace, pod, podPort, e);
    }
  }

  @Override
  public String toString() {
    return "port-forward " + localAddress() + " -> pod " + namespace + "/" + pod + ":" + podPort;
  }
}
