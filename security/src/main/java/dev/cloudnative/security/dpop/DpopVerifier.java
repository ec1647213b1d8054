package dev.cloudnative.security.dpop;

import dev.cloudnative.security.TokenVerifier;
import dev.cloudnative.security.internal.JwtDpopVerifier;
import java.util.Optional;

/**
 * Checks DPoP proofs (RFC 9449 §4.3) and, at a resource server, the DPoP-bound access token sent
 * with them (§7.1). In order, cheapest and most attacker-controlled first: one {@code DPoP} header
 * within the size cap, strict compact JWS; {@code typ=dpop+jwt}; {@code alg} among the configured
 * asymmetric algorithms; a public {@code jwk} that fits {@code alg}; the signature with that key;
 * {@code jti, htm, htu, iat}; {@code htm} equal to the method; {@code htu} equal to the URI without
 * query and fragment after RFC 3986 normalisation; {@code iat} within the proof age and clock skew;
 * the server nonce when required; with an access token, {@code ath}, the token itself (through
 * {@link TokenVerifier#verifyBound}) and its {@code cnf.jkt} against the proof key's thumbprint;
 * and last the {@code jti} replay check, so that only requests that passed everything else take a
 * place in the bounded replay cache.
 *
 * <pre>{@code
 * DpopVerifier dpop = DpopVerifier.create(DpopConfig.ofDefaults(), tokens);
 * DpopResult r = dpop.verify(DpopRequest.of("GET", uri, dpopHeaders).withAccessToken(token));
 * }</pre>
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 */
public interface DpopVerifier {

  /** Verifies the request's proof, and its access token if it carries one. */
  DpopResult verify(DpopRequest request);

  /**
   * The nonce to send now in a {@code DPoP-Nonce} header (RFC 9449 §8), or empty when the config
   * does not require nonces. Nonces rotate every {@link DpopConfig#nonceRotation()}; the previous
   * one stays accepted for {@link DpopConfig#nonceGrace()}.
   */
  Optional<String> currentNonce();

  /** A verifier whose access tokens are checked by {@code tokens}. */
  static DpopVerifier create(DpopConfig config, TokenVerifier tokens) {
    return new JwtDpopVerifier(config, tokens);
  }
}
