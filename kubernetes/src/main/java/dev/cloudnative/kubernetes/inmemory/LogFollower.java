package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.internal.EndableSubscription;
import java.util.function.Consumer;

/**
 * One follow of a simulated pod's log. Lines reach it through the cluster's outbox, so a line
 * queued before the follow ended (the pod was deleted, the cluster closed) is still delivered
 * before the end, and a line queued after {@link EndableSubscription#close()} is dropped.
 *
 * <p>Thread-safe: {@link #deliver} runs on the draining thread, one line at a time; the end is the
 * subscription's latch.
 */
final class LogFollower {
  private final Consumer<String> consumer;
  final EndableSubscription subscription;

  /** A follow whose close runs {@code cancel} with it (to unregister it from its pod). */
  LogFollower(Consumer<String> consumer, Consumer<LogFollower> cancel) {
    this.consumer = consumer;
    this.subscription = new EndableSubscription(() -> cancel.accept(this));
  }

  void deliver(String line) {
    if (!subscription.isEnded()) {
      consumer.accept(line);
    }
  }

  /** The stream ended by itself. */
  void end() {
    subscription.end();
  }
}
