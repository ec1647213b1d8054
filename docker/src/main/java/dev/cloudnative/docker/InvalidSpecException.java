package dev.cloudnative.docker;

/**
 * A value was rejected at the boundary, before any engine call; the message names the field, the
 * value found and the rule it breaks.
 *
 * <p>It is an {@link IllegalArgumentException}, not a {@link DockerException}: bad input is a
 * programming error of the caller, fixed in the caller's code, while {@code catch (DockerException
 * e)} is for operational failures of the engine (unreachable, not found, conflict, timeout) and
 * must not swallow it. It still carries the endpoint and resource context every module exception
 * carries.
 *
 * <p>Immutable and thread-safe.
 */
public class InvalidSpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String value;
  private final String rule;

  /**
   * Rejects {@code value} of {@code field} for breaking {@code rule} (what is allowed).
   *
   * @param field what the value is for (e.g. {@code "tag"}, {@code "container"})
   * @param value the value found, as text
   * @param rule what is allowed
   */
  public InvalidSpecException(String field, String value, String rule) {
    super(field + " '" + value + "' is invalid: " + rule);
    this.field = field == null ? "" : field;
    this.value = value == null ? "" : value;
    this.rule = rule == null ? "" : rule;
  }

  /** The field the value was given for. */
  public String field() {
    return field;
  }

  /** The value found, as text. */
  public String value() {
    return value;
  }

  /** What is allowed. */
  public String rule() {
    return rule;
  }

  /** Always empty: the value was rejected before any engine was called. */
  public String endpoint() {
    return "";
  }

  /** The rejected value, as {@link DockerException#resource()} names the resource involved. */
  public String resource() {
    return value;
  }
}
