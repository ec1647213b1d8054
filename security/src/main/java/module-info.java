/**
 * The CloudNative SDK's security module. Every package is exported except `internal`, whose public
 * classes serve the module's own packages and are not API.
 */
module dev.cloudnative.security {
  requires org.slf4j;
  // Security, TokenConfig and DpopConfig take a MeterRegistry and an ObservationRegistry
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  // RemoteJwks fetches key sets with java.net.http.HttpClient
  requires java.net.http;
  // SigningKey and SigningAlgorithm hand out nimbus types (JWK, JWSSigner): users read nimbus
  requires transitive com.nimbusds.jose.jwt;
  requires org.bouncycastle.provider;

  exports dev.cloudnative.security;
  exports dev.cloudnative.security.dpop;
  exports dev.cloudnative.security.inmemory;
  // not exported: dev.cloudnative.security.internal, implementation shared by this module
  exports dev.cloudnative.security.jwt;
  exports dev.cloudnative.security.password;
  exports dev.cloudnative.security.rbac;
}
