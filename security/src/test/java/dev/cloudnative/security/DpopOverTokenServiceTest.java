package dev.cloudnative.security;

/** The DPoP contract where the issuing {@link TokenService} also verifies the access tokens. */
class DpopOverTokenServiceTest extends DpopVerifierContractTest {

  @Override
  protected TokenVerifier resourceServerTokens(
      TokenService issuer, TokenConfig config, MutableClock clock) {
    return issuer;
  }
}
