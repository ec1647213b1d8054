package dev.cloudnative.storage.replication;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket in bytes per second for background streaming (recovery, anti-entropy): {@link
 * #acquire} takes the bytes and sleeps the calling (background) thread until the rate allows them,
 * with a burst of a tenth of a second's worth. Thread-safe (monitor; the sleep is outside it).
 */
final class ByteRateLimiter {
  private final double bytesPerNano;
  private final double burst;
  private double tokens;
  private long last = System.nanoTime();

  ByteRateLimiter(long bytesPerSecond) {
    this.bytesPerNano = bytesPerSecond / 1e9;
    this.burst = Math.max(1, bytesPerSecond / 10.0);
    this.tokens = burst;
  }

  /** Takes {@code bytes}, sleeping as long as the rate requires. */
  void acquire(long bytes) throws InterruptedException {
    long waitNanos;
    synchronized (this) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) * bytesPerNano);
      last = now;
      tokens -= bytes;
      waitNanos = tokens < 0 ? (long) (-tokens / bytesPerNano) : 0;
    }
    if (waitNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
  }
}
