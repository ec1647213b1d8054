package dev.cloudnative.security;

/**
 * Base of every exception the security module throws; unchecked so that callers handle only what
 * they can act on. Messages never contain passwords, password hashes, tokens or key material. Named
 * so that it never clashes with {@code java.lang.SecurityException} (a wildcard import would make
 * {@code catch (SecurityException e)} ambiguous).
 *
 * <p>Thread-safety: immutable.
 */
public class SecurityModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SecurityModuleException(String message) {
    super(message);
  }

  public SecurityModuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
