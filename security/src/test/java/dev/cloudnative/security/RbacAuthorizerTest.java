package dev.cloudnative.security;

import dev.cloudnative.security.rbac.RbacAuthorizer;

class RbacAuthorizerTest extends AuthorizerContractTest {

  @Override
  protected Authorizer create(TokenVerifier verifier, Rbac rbac) {
    return new RbacAuthorizer(verifier, rbac);
  }
}
