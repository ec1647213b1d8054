package dev.cloudnative.kubernetes;

import java.net.InetSocketAddress;

/**
 * A running port-forward ({@link Cluster#portForward}): a listening socket on a loopback address
 * whose every accepted connection is relayed, byte for byte in both directions, to one port of one
 * pod, as {@code kubectl port-forward pod LOCAL:POD} does. {@link #close()} stops listening and
 * closes the connections it relays; it is idempotent.
 *
 * <p>Implementations are thread-safe.
 */
public interface PortForward extends AutoCloseable {

  /** The loopback address and port to connect to. */
  InetSocketAddress localAddress();

  /** The namespace of the pod. */
  String namespace();

  /** The pod the connections reach. */
  String pod();

  /** The pod's port the connections reach. */
  int podPort();

  /** Whether it still accepts connections (false once closed). */
  boolean isOpen();

  /** Stops listening and closes every relayed connection; a second call does nothing. */
  @Override
  void close();
}
