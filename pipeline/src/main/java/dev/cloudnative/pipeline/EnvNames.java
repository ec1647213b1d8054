package dev.cloudnative.pipeline;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules for environment variable names and the names under which stage outputs reach later steps.
 * Stateless, thread-safe.
 */
public final class EnvNames {

  private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern NON_WORD = Pattern.compile("[^A-Za-z0-9]");

  private EnvNames() {}

  /**
   * Returns {@code name} if it is a portable environment variable name ({@code
   * [A-Za-z_][A-Za-z0-9_]*}).
   *
   * @throws IllegalArgumentException naming the value and the allowed form
   */
  public static String requireValid(String name) {
    java.util.Objects.requireNonNull(name, "name");
    if (!VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "environment variable name '" + name + "' is invalid, allowed: [A-Za-z_][A-Za-z0-9_]*");
    }
    return name;
  }

  /** Whether {@code name} is a portable environment variable name. */
  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /**
   * The variable under which output {@code key} of stage {@code stage} is visible to the steps of
   * later stages: {@code OUTPUT_<STAGE>_<KEY>}, upper case, every other character replaced by
   * {@code _} (e.g. output {@code version} of stage {@code build-jar} is {@code
   * OUTPUT_BUILD_JAR_VERSION}).
   */
  public static String forOutput(String stage, String key) {
    return "OUTPUT_" + sanitize(stage) + "_" + sanitize(key);
  }

  private static String sanitize(String s) {
    return NON_WORD.matcher(s).replaceAll("_").toUpperCase(Locale.ROOT);
  }
}
