/**
 * Access-token issuing and hardened verification on nimbus-jose-jwt, with refresh-token rotation,
 * and verification against a remote JWKS URL ({@link dev.cloudnative.security.jwt.HttpRemoteJwks},
 * {@link dev.cloudnative.security.jwt.RemoteJwksTokenVerifier}).
 */
package dev.cloudnative.security.jwt;
