package dev.cloudnative.security.internal;

import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Server nonces for DPoP (RFC 9449 §8): one current random value, replaced every rotation period;
 * the replaced one stays accepted for a grace period after it was due, so that a client which
 * fetched it just before the rotation is not refused. Rotation happens lazily on use, so an idle
 * server runs no timer.
 *
 * <p>Thread-safety: thread-safe. Readers take one volatile snapshot; rotation is serialized.
 */
public final class DpopNonces {

  private static final SecureRandom RANDOM = new SecureRandom();

  private record State(String current, Instant dueAt, String previous, Instant previousUntil) {}

  private final Duration rotation;
  private final Duration grace;
  private final Clock clock;
  private volatile State state;

  public DpopNonces(Duration rotation, Duration grace, Clock clock) {
    this.rotation = rotation;
    this.grace = grace;
    this.clock = clock;
    this.state = new State(random(), clock.instant().plus(rotation), null, Instant.MIN);
  }

  /** The nonce to hand out now. */
  public String current() {
    return fresh(clock.instant()).current;
  }

  /** True if {@code nonce} is the current nonce or the previous one within its grace. */
  public boolean accepts(String nonce) {
    Instant now = clock.instant();
    State s = fresh(now);
    byte[] given = nonce.getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(given, s.current.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    return s.previous != null
        && now.isBefore(s.previousUntil)
        && MessageDigest.isEqual(given, s.previous.getBytes(StandardCharsets.UTF_8));
  }

  private State fresh(Instant now) {
    State s = state;
    if (now.isBefore(s.dueAt)) {
      return s;
    }
    synchronized (this) {
      s = state;
      if (!now.isBefore(s.dueAt)) {
        // The replaced nonce's grace counts from when it was due, not from this (lazy) rotation,
        // so a nonce nobody asked to replace for hours is not revived for another grace period.
        s = new State(random(), now.plus(rotation), s.current, s.dueAt.plus(grace));
        state = s;
      }
      return s;
    }
  }

  private static String random() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64URL.encode(b).toString();
  }
}
