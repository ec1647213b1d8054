/**
 * Consistent-hashing {@link dev.cloudnative.storage.NodeLocator} implementations (ring, Ketama,
 * Maglev, jump, AnchorHash) and the 64-bit key hash they share.
 */
package dev.cloudnative.storage.hash;
