package dev.cloudnative.docker;

/**
 * A value was rejected at the boundary, before any engine call; the message names the field, the
 * value found and the rule it breaks.
 *
 * <p>Immutable and thread-safe.
 */
public class InvalidSpecException extends DockerException {
  private static final long serialVersionUID = 1L;

  public InvalidSpecException(String field, String value, String rule) {
    super(field + " '" + value + "' is invalid: " + rule, "", value);
  }
}
