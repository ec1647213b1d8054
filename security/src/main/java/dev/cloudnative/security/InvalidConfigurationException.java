package dev.cloudnative.security;

/**
 * A configuration value (key, parameter, policy, lifetime) was rejected at the boundary; the
 * message names the setting, the value found and what is allowed.
 *
 * <p>It is an {@link IllegalArgumentException}, not a {@link SecurityModuleException}: bad input is
 * a programming error of the caller, while {@code catch (SecurityModuleException e)} is for the
 * module's outcomes and operational failures (a rejected token, wrong credentials, a corrupted
 * stored hash) and must not swallow it. Rejected tokens, credentials and usernames are outcomes of
 * authentication, not bad input: they stay under {@link SecurityModuleException}.
 *
 * <p>Thread-safety: immutable.
 */
public class InvalidConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigurationException(String message) {
    super(message);
  }

  public InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
