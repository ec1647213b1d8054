/**
 * Security's token stores kept in the storage module: {@link
 * dev.cloudnative.core.security.KeyValueRevocationStore} and {@link
 * dev.cloudnative.core.security.KeyValueRefreshTokenStore} implement the security module's {@code
 * RevocationStore} and {@code RefreshTokenStore} over a {@code KeyValueStore}, so revocations and
 * refresh-token families survive a restart (file or Redis nodes) and are shared by every instance
 * over the same store. Core plugs them in because the two modules do not know each other.
 */
package dev.cloudnative.core.security;
