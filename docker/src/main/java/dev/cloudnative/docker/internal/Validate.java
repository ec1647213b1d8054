package dev.cloudnative.docker.internal;

import dev.cloudnative.docker.InvalidSpecException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Boundary checks shared by the spec builders and both engines. Rules follow Docker's own grammars
 * (distribution reference, container name, label key) restricted to what both Docker and Podman
 * accept.
 *
 * <p>Stateless and thread-safe.
 */
public final class Validate {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
  private static final Pattern IMAGE_ID = Pattern.compile("(?:sha256:)?[a-f0-9]{12,64}");
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LABEL_KEY =
      Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9._/-]{0,253}[a-zA-Z0-9])?");
  private static final Pattern CONTAINER_ID = Pattern.compile("[a-f0-9]{12,64}");

  private Validate() {}

  /** A container name or id as accepted by {@code docker run --name}. */
  public static String name(String field, String value) {
    requireText(field, value);
    if (!NAME.matcher(value).matches()) {
      throw new InvalidSpecException(
          field,
          value,
          "must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (at most 128 characters, no spaces or shell"
              + " characters)");
    }
    return value;
  }

  /** A container reference: a name or a hex id. */
  public static String containerRef(String value) {
    requireText("container", value);
    if (!NAME.matcher(value).matches() && !CONTAINER_ID.matcher(value).matches()) {
      throw new InvalidSpecException(
          "container",
          value,
          "must be a container id (hex) or a name matching [a-zA-Z0-9][a-zA-Z0-9_.-]*");
    }
    return value;
  }

  /**
   * An image reference or an image id, by Docker's grammar (distribution/reference): {@code
   * [domain[:port]/]path [:tag][@algorithm:hex]} with a lower-case path. Used for inspect, find,
   * remove, pull and the image of a container.
   */
  public static String imageRef(String field, String value) {
    requireText(field, value);
    if (IMAGE_ID.matcher(value).matches()) {
      return value;
    }
    return reference(field, value, true);
  }

  /**
   * A reference that names a tag: {@code [domain[:port]/]path[:tag]}, no digest and not an id. Used
   * for build tags, tag targets and push, where Docker refuses digests ("refusing to create a tag
   * with a digest reference").
   */
  public static String tagRef(String field, String value) {
    requireText(field, value);
    String checked = reference(field, value, false);
    if (HEX64.matcher(ImageReference.parse(checked).path()).matches()) {
      throw new InvalidSpecException(
          field,
          value,
          "a repository name cannot be 64 hexadecimal characters (that is "
              + "the form of an image id); "
              + ImageReference.RULE);
    }
    return checked;
  }

  /**
   * The tags of a build: at least one, each a {@link #tagRef}. The engines check them again because
   * the {@code ImageBuild} record can be constructed without its validating builder.
   */
  public static List<String> buildTags(List<String> tags) {
    Objects.requireNonNull(tags, "tags");
    if (tags.isEmpty()) {
      throw new InvalidSpecException(
          "tags",
          String.valueOf(tags),
          "a build needs at least one tag so its full id can be inspected");
    }
    tags.forEach(t -> tagRef("tag", t));
    return tags;
  }

  private static String reference(String field, String value, boolean digestAllowed) {
    String problem = ImageReference.problem(value);
    if (problem == null && !digestAllowed && value.indexOf('@') >= 0) {
      problem = "a digest is not allowed here (a tag names an image by repository and tag)";
    }
    if (problem != null) {
      throw new InvalidSpecException(
          field,
          value,
          problem
              + "; "
              + ImageReference.RULE
              + (digestAllowed
                  ? " (or an image id: 12 to 64 lower-case hex, optionally after sha256:)"
                  : ""));
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
      throw new InvalidSpecException(
          "environment variable name", value, "must match [A-Za-z_][A-Za-z0-9_]*");
    }
    return value;
  }

  public static String labelKey(String value) {
    requireText("label key", value);
    if (!LABEL_KEY.matcher(value).matches()) {
      throw new InvalidSpecException(
          "label key",
          value,
          "must start and end with a letter or digit and contain only letters, digits, '.', '_',"
              + " '-', '/'");
    }
    return value;
  }

  /**
   * Any string without NUL: values travel as one argument or one JSON field, so shell characters
   * are inert.
   */
  public static String value(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.indexOf('\0') >= 0) {
      throw new InvalidSpecException(
          field, value.replace('\0', '?'), "must not contain a NUL character");
    }
    return value;
  }

  public static List<String> args(String field, List<String> args) {
    Objects.requireNonNull(args, field);
    for (String a : args) {
      value(field + " argument", a);
    }
    return List.copyOf(args);
  }

  public static Map<String, String> labels(Map<String, String> labels) {
    Objects.requireNonNull(labels, "labels");
    labels.forEach(
        (k, v) -> {
          labelKey(k);
          value("label " + k, v);
        });
    return labels;
  }

  public static int port(String field, int port, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new InvalidSpecException(
          field,
          Integer.toString(port),
          "must be between " + (zeroAllowed ? "0 (random)" : "1") + " and 65535");
    }
    return port;
  }

  /**
   * A required, non-blank text.
   *
   * @throws NullPointerException naming {@code field} if {@code value} is null
   * @throws InvalidSpecException if it is blank
   */
  /**
   * A stop grace period: zero (kill at once) or positive.
   *
   * @throws NullPointerException naming {@code grace} if it is null
   */
  public static Duration grace(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new InvalidSpecException("grace period", grace.toString(), "must be >= 0");
    }
    return grace;
  }

  public static String requireText(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new InvalidSpecException(field, value, "must not be blank");
    }
    return value;
  }
}
