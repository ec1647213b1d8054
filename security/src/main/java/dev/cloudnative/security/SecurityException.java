package dev.cloudnative.security;

/**
 * Base of every exception the security module throws; unchecked so that callers handle only what they can act
 * on. Messages never contain passwords, password hashes, tokens or key material.
 *
 * <p>Thread-safety: immutable.
 */
public class SecurityException extends RuntimeException {

    public SecurityException(String message) {
        super(message);
    }

    public SecurityException(String message, Throwable cause) {
        super(message, cause);
    }
}
