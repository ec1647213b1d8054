package dev.cloudnative.security.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.VerificationResult;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code crit} (RFC 7515 §4.1.11) and {@code b64} (RFC 7797) rules of the verifier. The one
 * critical parameter it understands is {@code b64}, and only with its default value {@code true}:
 *
 * <ul>
 *   <li>{@code b64: false} (an unencoded payload) without {@code b64} in {@code crit} is an invalid
 *       header (RFC 7797 §6), so {@link RejectionReason#MALFORMED}: decoding its payload anyway
 *       would read the signed bytes differently from the signer;
 *   <li>{@code b64: false} with {@code crit} is valid JWS, but the SDK never issues it, and a
 *       second payload encoding is a second way to read one token: {@link
 *       RejectionReason#UNSUPPORTED_PAYLOAD_ENCODING};
 *   <li>{@code crit} naming anything else, a registered header included, is {@link
 *       RejectionReason#UNSUPPORTED_CRITICAL_HEADER}; an empty {@code crit}, one naming a parameter
 *       twice or one the header does not carry is {@code MALFORMED} (§4.1.11 forbids producing
 *       them).
 * </ul>
 *
 * <p>Thread-safety: stateless, therefore thread-safe.
 */
final class CriticalHeaders {

  private static final String B64 = "b64";

  private CriticalHeaders() {}

  /** The rejection for this header, or empty if its {@code crit} and {@code b64} are acceptable. */
  static Optional<VerificationResult> check(JWSHeader header, Base64URL encodedHeader) {
    Set<String> crit = header.getCriticalParams();
    boolean unencoded = !header.isBase64URLEncodePayload();
    if (crit == null) {
      return unencoded
          ? rejected(
              RejectionReason.MALFORMED,
              "b64=false is not listed in crit (RFC 7797 §6 requires it)")
          : Optional.empty();
    }
    // nimbus hands crit over as a set, which hides duplicates: read the list as sent. This
    // re-parse runs only for the rare header with crit, never on the SDK's own tokens.
    Map<String, Object> json;
    List<String> names;
    try {
      json = JSONObjectUtils.parse(encodedHeader.decodeToString());
      names = JSONObjectUtils.getStringList(json, "crit");
    } catch (ParseException | RuntimeException e) {
      return rejected(RejectionReason.MALFORMED, "crit is not a list of names");
    }
    if (names == null || names.isEmpty()) {
      return rejected(RejectionReason.MALFORMED, "crit is empty (RFC 7515 §4.1.11 forbids it)");
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (name == null || !seen.add(name)) {
        return rejected(
            RejectionReason.MALFORMED,
            "crit names " + JwtTokenVerifier.sanitize(String.valueOf(name)) + " twice or null");
      }
      if (!json.containsKey(name)) {
        return rejected(
            RejectionReason.MALFORMED,
            "crit names " + JwtTokenVerifier.sanitize(name) + ", which the header does not carry");
      }
    }
    if (unencoded && !seen.contains(B64)) {
      return rejected(
          RejectionReason.MALFORMED, "b64=false is not listed in crit (RFC 7797 §6 requires it)");
    }
    for (String name : names) {
      if (!B64.equals(name)) {
        return rejected(
            RejectionReason.UNSUPPORTED_CRITICAL_HEADER,
            "unsupported crit parameter " + JwtTokenVerifier.sanitize(name));
      }
    }
    if (unencoded) {
      return rejected(
          RejectionReason.UNSUPPORTED_PAYLOAD_ENCODING,
          "b64=false (unencoded payload, RFC 7797) is not accepted; the SDK never issues it");
    }
    return Optional.empty();
  }

  private static Optional<VerificationResult> rejected(RejectionReason reason, String detail) {
    return Optional.of(new VerificationResult.Rejected(reason, detail));
  }
}
