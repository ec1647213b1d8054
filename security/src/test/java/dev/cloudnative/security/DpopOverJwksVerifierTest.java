package dev.cloudnative.security;

/**
 * The DPoP contract at a separate resource server, whose {@link TokenVerifier} knows the issuer
 * only from its published JWKS.
 */
class DpopOverJwksVerifierTest extends DpopVerifierContractTest {

  @Override
  protected TokenVerifier resourceServerTokens(
      TokenService issuer, TokenConfig config, MutableClock clock) {
    return TokenVerifier.create(
        config, KeyRing.fromJwks(issuer.publicJwks()), RevocationStore.inMemory(clock));
  }
}
