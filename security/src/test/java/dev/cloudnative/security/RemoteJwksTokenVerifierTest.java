package dev.cloudnative.security;

import dev.cloudnative.security.jwt.JwtTokenService;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The hostile-input battery run on the verifier built from a remote JWKS URL: the issuer's public
 * keys are served over loopback HTTP and every token goes through {@link
 * TokenVerifier#create(TokenConfig, RemoteJwks, RevocationStore)}.
 */
class RemoteJwksTokenVerifierTest extends TokenVerifierContractTest {

  private static JwksServer server;
  private static volatile KeyRing served;
  private static volatile TokenConfig servedConfig;
  private final List<RemoteJwks> opened = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = JwksServer.start();
    server.serve(() -> served.publicJwks(servedConfig.clock().instant()));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeSources() {
    opened.forEach(RemoteJwks::close);
  }

  @Override
  protected TokenService create(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens) {
    served = keys;
    servedConfig = config;
    TokenService issuer = new JwtTokenService(config, keys, revocations, refreshTokens);
    RemoteJwks jwks =
        RemoteJwks.connect(RemoteJwksConfig.custom(server.uri()).clock(config.clock()).build());
    opened.add(jwks);
    TokenVerifier verifier = TokenVerifier.create(config, jwks, revocations);
    // Issuing, revoking and refreshing stay the issuer's; only verification goes remote. A proxy
    // keeps this test independent of methods TokenService gains later.
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object target =
              (method.getName().equals("verify") || method.getName().equals("verifyBound"))
                      && method.getParameterCount() == 1
                  ? verifier
                  : issuer;
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (TokenService)
        Proxy.newProxyInstance(
            TokenService.class.getClassLoader(), new Class<?>[] {TokenService.class}, handler);
  }
}
