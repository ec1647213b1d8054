package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.Subscription;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Subscription} every implementation hands out: {@link #close()} runs the
 * implementation's cancel action once, and the stream's end is a one-way latch that either side
 * trips: the user by closing, the implementation by calling {@link #end()} when the stream ended by
 * itself. A latch (rather than a flag) is what lets {@link #awaitEnd} block without polling.
 *
 * <p>Thread-safe: the latch and the closed flag are lock-free; the cancel action runs on the thread
 * that closes first, after the end is recorded so that deliveries that check {@link #isEnded()}
 * stop before the action releases the stream.
 */
public final class EndableSubscription implements Subscription {

  private final Runnable cancel;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch ended = new CountDownLatch(1);

  /** A subscription whose first {@link #close()} runs {@code cancel}. */
  public EndableSubscription(Runnable cancel) {
    this.cancel = Objects.requireNonNull(cancel, "cancel");
  }

  /** Records that the stream ended by itself; idempotent, and harmless after {@link #close()}. */
  public void end() {
    ended.countDown();
  }

  @Override
  public boolean awaitEnd(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw KubernetesInvalidException.rejected(
          "Subscription", "", "", "timeout", "must not be negative, found " + timeout);
    }
    try {
      return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      // as the docker module's: an interrupted wait did not see the end; the flag stays set
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean isEnded() {
    return ended.getCount() == 0;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ended.countDown();
      cancel.run();
    }
  }
}
