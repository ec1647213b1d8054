package dev.cloudnative.security;

/**
 * A configuration value (key, parameter, policy, lifetime) was rejected at the boundary; the
 * message names the setting, the value found and what is allowed.
 *
 * <p>Thread-safety: immutable.
 */
public class InvalidConfigurationException extends SecurityModuleException {

  public InvalidConfigurationException(String message) {
    super(message);
  }

  public InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
