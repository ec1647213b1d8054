/**
 * Access-token issuing and hardened verification on nimbus-jose-jwt, with refresh-token rotation.
 */
package dev.cloudnative.security.jwt;
