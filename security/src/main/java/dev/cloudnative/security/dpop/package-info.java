/**
 * Sender-constrained access tokens with DPoP (RFC 9449): {@link
 * dev.cloudnative.security.dpop.DpopVerifier} checks a {@code DPoP} proof JWT for an HTTP request
 * (and the DPoP-bound access token that comes with it), {@link
 * dev.cloudnative.security.dpop.DpopProofs} makes proofs on the client side, and {@link
 * dev.cloudnative.security.dpop.JwkThumbprint} computes the RFC 7638 key thumbprint an issuer binds
 * a token to ({@code cnf.jkt}, see {@link dev.cloudnative.security.TokenIssuer}).
 */
package dev.cloudnative.security.dpop;
