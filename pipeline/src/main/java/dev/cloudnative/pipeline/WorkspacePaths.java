package dev.cloudnative.pipeline;

import java.nio.file.FileSystems;
import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/**
 * The rules for paths and globs a pipeline names inside the runner's workspace (step cache inputs
 * and outputs, stage artifacts): relative, inside the workspace, no NUL, no {@code .} or {@code ..}
 * segment, a glob the matcher can parse. Not API; stateless, thread-safe.
 */
final class WorkspacePaths {
  static final String GLOB_CHARS = "*?[{";

  private WorkspacePaths() {}

  /**
   * Checks {@code value}, a path or (with {@code glob}) a glob named as {@code what} ({@code "cache
   * input"}).
   *
   * @throws IllegalArgumentException naming {@code what}, the value, what is wrong and what is
   *     allowed
   */
  static String require(String what, String value, boolean glob) {
    Objects.requireNonNull(value, what);
    String allowed = glob ? "a path or glob" : "a path";
    String why = null;
    if (value.isBlank()) {
      why = "is empty";
    } else if (value.indexOf('\0') >= 0) {
      why = "contains a NUL character";
    } else if (value.startsWith("/")) {
      why = "is absolute";
    } else {
      for (String segment : value.split("/", -1)) {
        if (segment.equals(".") || segment.equals("..")) {
          why = "has a '" + segment + "' segment";
          break;
        }
        if (segment.isEmpty() && !value.endsWith("/")) {
          why = "has an empty segment ('//')";
          break;
        }
      }
    }
    if (why != null) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value.replace("\0", "\\0")
              + "' "
              + why
              + "; allowed: "
              + allowed
              + " relative to the workspace, inside it, such as 'src/**' or 'target/app.jar'");
    }
    if (glob) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            what + " '" + value + "' is not a valid glob: " + e.getDescription(), e);
      }
    } else if (value.chars().anyMatch(c -> GLOB_CHARS.indexOf(c) >= 0)) {
      throw new IllegalArgumentException(
          what + " '" + value + "' must be a file or directory path, not a glob ('*?[{')");
    }
    return value;
  }
}
