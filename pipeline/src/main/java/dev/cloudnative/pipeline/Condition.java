package dev.cloudnative.pipeline;

import java.util.Locale;

/**
 * When a stage runs, judged once all the stages it needs have finished. Immutable enum,
 * thread-safe.
 *
 * <p>For regular stages the judgement looks at the stages it needs (and their ancestors); for
 * finally stages it looks at the outcome of all regular stages, like Jenkins' {@code post { success
 * / failure / always }}.
 */
public enum Condition {
  /** Runs only if every needed stage succeeded and the run is not stopping. The default. */
  ON_SUCCESS,
  /** Runs only if some ancestor stage failed or timed out. */
  ON_FAILURE,
  /** Runs whatever the needed stages did (regular stages still stop on cancel or run timeout). */
  ALWAYS;

  /**
   * Parses the YAML spelling: {@code success}, {@code failure}, {@code always}, optionally with
   * {@code ()} as in GitHub Actions expressions.
   *
   * @throws IllegalArgumentException naming the value and the allowed spellings
   */
  public static Condition parse(String text) {
    java.util.Objects.requireNonNull(text, "text");
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("()")) {
      t = t.substring(0, t.length() - 2);
    }
    return switch (t) {
      case "success", "on-success", "on_success" -> ON_SUCCESS;
      case "failure", "on-failure", "on_failure" -> ON_FAILURE;
      case "always" -> ALWAYS;
      default ->
          throw new IllegalArgumentException(
              "unknown condition '"
                  + text
                  + "', allowed: success, failure, always (optionally with '()')");
    };
  }
}
