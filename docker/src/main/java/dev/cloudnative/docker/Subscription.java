package dev.cloudnative.docker;

import java.time.Duration;

/**
 * A running log follow. {@link #close()} stops delivery and releases the connection; the follow
 * also ends by itself when the container stops.
 *
 * <p>Thread-safe: may be closed from any thread, more than once.
 */
public interface Subscription extends AutoCloseable {
  /**
   * Waits until the stream has ended (container stopped, or closed).
   *
   * @return true if it ended within the timeout
   */
  boolean awaitEnd(Duration timeout);

  boolean isEnded();

  @Override
  void close();
}
