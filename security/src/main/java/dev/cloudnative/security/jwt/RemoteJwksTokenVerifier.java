package dev.cloudnative.security.jwt;

import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.RemoteJwks;
import dev.cloudnative.security.RemoteJwksStatus;
import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenVerifier;
import dev.cloudnative.security.VerificationResult;
import dev.cloudnative.security.internal.SecurityMetrics;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link JwtTokenVerifier} over the current key set of a {@link RemoteJwks}: every check is the
 * hardened verifier's; this class only picks the key set. A token rejected as {@link
 * RejectionReason#UNKNOWN_KEY} asks the source for a refresh (rate limited there) and is verified
 * once more if the set changed, so a rotation at the issuer is picked up at its first token. With
 * no usable set the token is rejected as {@link RejectionReason#KEY_SET_UNAVAILABLE}, before any
 * other check.
 *
 * <p>Thread-safety: safe for concurrent use. The verifier of the current set is cached in one
 * volatile field and rebuilt (cheaply) when the set changes.
 */
public final class RemoteJwksTokenVerifier implements TokenVerifier {

  private record Bound(KeyRing keys, JwtTokenVerifier verifier) {}

  private final TokenConfig config;
  private final RemoteJwks source;
  private final RevocationStore revocations;
  private final SecurityMetrics metrics;
  private volatile Bound bound;

  public RemoteJwksTokenVerifier(
      TokenConfig config, RemoteJwks source, RevocationStore revocations) {
    this.config = Objects.requireNonNull(config, "config");
    this.source = Objects.requireNonNull(source, "source");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    // only for the rejections decided here; the verifiers of each key set count their own
    this.metrics = SecurityMetrics.of(config.meterRegistry());
  }

  @Override
  public VerificationResult verify(String token) {
    return verify(token, false);
  }

  @Override
  public VerificationResult verifyBound(String token) {
    return verify(token, true);
  }

  private VerificationResult verify(String token, boolean keyBound) {
    Optional<KeyRing> keys = source.currentKeys();
    if (keys.isEmpty()) {
      keys = source.refreshForUnknownKey();
      if (keys.isEmpty()) {
        RemoteJwksStatus status = source.status();
        metrics.verified(null, RejectionReason.KEY_SET_UNAVAILABLE);
        return new VerificationResult.Rejected(
            RejectionReason.KEY_SET_UNAVAILABLE,
            "no usable keys from "
                + source.uri()
                + status.lastError().map(e -> " (last error: " + e + ")").orElse(""));
      }
    }
    VerificationResult result = verify(verifierFor(keys.get()), token, keyBound);
    if (result instanceof VerificationResult.Rejected r
        && r.reason() == RejectionReason.UNKNOWN_KEY) {
      Optional<KeyRing> after = source.refreshForUnknownKey();
      if (after.isPresent() && after.get() != keys.get()) {
        return verify(verifierFor(after.get()), token, keyBound);
      }
    }
    return result;
  }

  private static VerificationResult verify(
      JwtTokenVerifier verifier, String token, boolean keyBound) {
    return keyBound ? verifier.verifyBound(token) : verifier.verify(token);
  }

  private JwtTokenVerifier verifierFor(KeyRing keys) {
    Bound b = bound;
    if (b != null && b.keys == keys) {
      return b.verifier;
    }
    JwtTokenVerifier verifier = new JwtTokenVerifier(config, keys, revocations);
    bound = new Bound(keys, verifier);
    return verifier;
  }

  @Override
  public String toString() {
    return "RemoteJwksTokenVerifier[" + source.uri() + "]";
  }
}
