package dev.cloudnative.pipeline.local;

/**
 * A point on the {@link System#nanoTime()} clock plus the sentence reported when it passes.
 * Immutable.
 */
record Deadline(long nanos, String reason) {
  static final Deadline NONE = new Deadline(Long.MAX_VALUE, "no deadline");

  static Deadline after(java.time.Duration d, String reason) {
    long now = System.nanoTime();
    long n;
    try {
      n = Math.addExact(now, d.toNanos());
    } catch (ArithmeticException e) {
      n = Long.MAX_VALUE;
    }
    return new Deadline(n, reason);
  }

  Deadline earlier(Deadline other) {
    return other.nanos - nanos < 0 ? other : this;
  }

  boolean isNone() {
    return nanos == Long.MAX_VALUE;
  }

  long remainingNanos() {
    return isNone() ? Long.MAX_VALUE : nanos - System.nanoTime();
  }
}
