package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class AuthorizerContractTest {

  protected abstract Authorizer create(TokenVerifier verifier, Rbac rbac);

  private MutableClock clock;
  private TokenService tokens;
  private Authorizer authorizer;

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-03-01T12:00:00Z");
    tokens =
        TokenService.create(
            TokenConfig.custom().issuer("iss").audience("api").clock(clock).build(),
            KeyRing.generate(),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    Rbac rbac =
        Rbac.custom()
            .grant("viewer", "doc:read")
            .grant("editor", "doc:write")
            .inherit("editor", "viewer")
            .build();
    authorizer = create(tokens, rbac);
  }

  @Test
  void inheritedPermissionsAuthorize() {
    String editor = tokens.issue("alice", Set.of("editor"), Set.of()).value();
    String viewer = tokens.issue("bob", Set.of("viewer"), Set.of()).value();
    assertThat(authorizer.authorize(editor, "doc:read")).isTrue();
    assertThat(authorizer.authorize(editor, "doc:write")).isTrue();
    assertThat(authorizer.authorize(viewer, "doc:read")).isTrue();
    assertThat(authorizer.authorize(viewer, "doc:write")).isFalse();
    assertThat(authorizer.require(editor, "doc:write").subject()).contains("alice");
  }

  @Test
  void requireThrowsTypedExceptions() {
    String viewer = tokens.issue("bob", Set.of("viewer"), Set.of()).value();
    assertThatThrownBy(() -> authorizer.require(viewer, "doc:write"))
        .isInstanceOf(AccessDeniedException.class)
        .satisfies(
            e -> {
              AccessDeniedException ade = (AccessDeniedException) e;
              assertThat(ade.subject()).isEqualTo("bob");
              assertThat(ade.permission()).isEqualTo("doc:write");
            });
    clock.advance(Duration.ofMinutes(10));
    assertThatThrownBy(() -> authorizer.require(viewer, "doc:read"))
        .isInstanceOf(InvalidTokenException.class)
        .satisfies(
            e ->
                assertThat(((InvalidTokenException) e).reason())
                    .isEqualTo(RejectionReason.EXPIRED));
    assertThat(authorizer.authorize("garbage", "doc:read")).isFalse();
  }

  @Test
  void aForgedPermissionsClaimGrantsNothing() {
    // The permissions claim is informational; roles are resolved through the current policy.
    String token = tokens.issue("eve", Set.of("viewer"), Set.of("doc:write")).value();
    assertThat(authorizer.authorize(token, "doc:write")).isFalse();
    String unknownRole = tokens.issue("eve", Set.of("superuser"), Set.of()).value();
    assertThat(authorizer.authorize(unknownRole, "doc:read")).isFalse();
  }

  @Test
  void revokedTokensAreDenied() {
    String token = tokens.issue("alice", Set.of("editor"), Set.of()).value();
    tokens.revoke(token);
    assertThat(authorizer.authorize(token, "doc:read")).isFalse();
    assertThatThrownBy(() -> authorizer.require(token, "doc:read"))
        .isInstanceOf(InvalidTokenException.class);
  }
}
