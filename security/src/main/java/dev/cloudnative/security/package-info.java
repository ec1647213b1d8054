/**
 * CloudNative SDK security: password hashing (Argon2id, PBKDF2) with self-describing PHC hashes,
 * account registration under ASVS 5.0 rules, throttled login without account enumeration, RFC 9068
 * access tokens (ES256 by default) with key rotation and JWKS export, a hardened verifier with
 * typed outcomes, rotating refresh tokens with reuse detection, revocation, and role-based
 * authorization.
 *
 * <p>Start with {@link dev.cloudnative.security.Security#custom()}.
 */
package dev.cloudnative.security;
