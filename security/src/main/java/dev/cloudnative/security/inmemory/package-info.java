/**
 * Thread-safe in-memory user, revocation and refresh-token stores for single-node use and tests.
 */
package dev.cloudnative.security.inmemory;
