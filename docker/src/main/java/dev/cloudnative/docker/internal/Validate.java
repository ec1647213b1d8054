package dev.cloudnative.docker.internal;

import dev.cloudnative.docker.InvalidSpecException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Boundary checks shared by the spec builders and both engines. Rules follow Docker's own grammars (distribution
 * reference, container name, label key) restricted to what both Docker and Podman accept.
 *
 * <p>Stateless and thread-safe.
 */
public final class Validate {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REFERENCE = Pattern.compile(
      "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)"
          + "(?::[0-9]{1,5})?/)?" + COMPONENT + "(?:/" + COMPONENT + ")*"
          + "(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
  private static final Pattern IMAGE_ID = Pattern.compile("(?:sha256:)?[a-f0-9]{12,64}");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9._/-]{0,253}[a-zA-Z0-9])?");
  private static final Pattern CONTAINER_ID = Pattern.compile("[a-f0-9]{12,64}");

  private Validate() {}

  /** A container name or id as accepted by {@code docker run --name}. */
  public static String name(String field, String value) {
    requireText(field, value);
    if (!NAME.matcher(value).matches()) {
      throw new InvalidSpecException(field, value,
          "must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (at most 128 characters, no spaces or shell characters)");
    }
    return value;
  }

  /** A container reference: a name or a hex id. */
  public static String containerRef(String value) {
    requireText("container", value);
    if (!NAME.matcher(value).matches() && !CONTAINER_ID.matcher(value).matches()) {
      throw new InvalidSpecException("container", value, "must be a container id (hex) or a name matching "
          + "[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    }
    return value;
  }

  /** An image reference ({@code [registry[:port]/]path[:tag][@sha256:digest]}) or an image id. */
  public static String imageRef(String field, String value) {
    requireText(field, value);
    if (value.length() > 512 || !(REFERENCE.matcher(value).matches() || IMAGE_ID.matcher(value).matches())) {
      throw new InvalidSpecException(field, value, "must be an image reference "
          + "[registry[:port]/]lowercase-path[:tag][@sha256:digest] or an image id");
    }
    return value;
  }

  /** An image tag (the part after the colon). */
  public static String tag(String value) {
    requireText("tag", value);
    if (!TAG.matcher(value).matches()) {
      throw new InvalidSpecException("tag", value, "must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    }
    return value;
  }

  public static String envKey(String value) {
    requireText("environment variable name", value);
    if (!ENV_KEY.matcher(value).matches()) {
      throw new InvalidSpecException("environment variable name", value, "must match [A-Za-z_][A-Za-z0-9_]*");
    }
    return value;
  }

  public static String labelKey(String value) {
    requireText("label key", value);
    if (!LABEL_KEY.matcher(value).matches()) {
      throw new InvalidSpecException("label key", value,
          "must start and end with a letter or digit and contain only letters, digits, '.', '_', '-', '/'");
    }
    return value;
  }

  /** Any string without NUL: values travel as one argument or one JSON field, so shell characters are inert. */
  public static String value(String field, String value) {
    if (value == null) {
      throw new InvalidSpecException(field, "null", "must not be null");
    }
    if (value.indexOf('\0') >= 0) {
      throw new InvalidSpecException(field, value.replace('\0', '?'), "must not contain a NUL character");
    }
    return value;
  }

  public static List<String> args(String field, List<String> args) {
    if (args == null) {
      throw new InvalidSpecException(field, "null", "must not be null");
    }
    for (String a : args) {
      value(field + " argument", a);
    }
    return List.copyOf(args);
  }

  public static Map<String, String> labels(Map<String, String> labels) {
    labels.forEach((k, v) -> {
      labelKey(k);
      value("label " + k, v);
    });
    return labels;
  }

  public static int port(String field, int port, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new InvalidSpecException(field, Integer.toString(port),
          "must be between " + (zeroAllowed ? "0 (random)" : "1") + " and 65535");
    }
    return port;
  }

  public static String requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidSpecException(field, String.valueOf(value), "must not be null or blank");
    }
    return value;
  }
}
