package dev.cloudnative.kubernetes;

/**
 * A running watch or log follow. {@link #close()} stops it and releases its connection; closing
 * twice is a no-op. Implementations are thread-safe.
 */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
