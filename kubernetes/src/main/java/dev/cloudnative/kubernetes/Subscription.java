package dev.cloudnative.kubernetes;

import java.time.Duration;

/**
 * A running watch or log follow. {@link #close()} stops delivery and releases its connection; the
 * watch or follow also ends by itself when its stream does (the cluster was closed, the pod or its
 * container went away, the server ended the stream or reconnecting was given up).
 *
 * <p>Thread-safe: may be closed from any thread, more than once.
 */
public interface Subscription extends AutoCloseable {
  /**
   * Waits until the stream has ended (by itself, or closed).
   *
   * @return true if it ended within the timeout
   */
  boolean awaitEnd(Duration timeout);

  /** Whether the stream has ended, by itself or by {@link #close()}. */
  boolean isEnded();

  @Override
  void close();
}
