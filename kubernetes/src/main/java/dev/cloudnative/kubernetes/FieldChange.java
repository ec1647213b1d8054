package dev.cloudnative.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * One field an apply would change: its path and its value before and after, each as compact JSON
 * ({@code 3}, {@code "nginx:1.27"}, {@code {"a":"b"}}), empty where the field is absent. Values of
 * a Secret's {@code data} are never shown: they read {@code "(redacted)"}.
 *
 * <p>The path is JSON-pointer-like: {@code /spec/replicas}, {@code /metadata/labels/tier}; a {@code
 * /} or {@code ~} inside a key is written {@code ~1} or {@code ~0} as in RFC 6901 ({@code
 * /metadata/labels/app.kubernetes.io~1name}); an item of a list whose items all have a distinct
 * {@code name} is addressed by it ({@code
 * /spec/template/spec/containers[name=web]/env[name=MODE]/value}), other lists of equal length by
 * index, and lists of changing length as a whole.
 *
 * <p>Immutable and therefore thread-safe.
 */
public record FieldChange(String path, Optional<String> before, Optional<String> after) {

  /** The placeholder shown instead of a Secret's value. */
  public static final String REDACTED = "\"(redacted)\"";

  public FieldChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /** {@code path: before -> after}, with {@code (absent)} for a missing side. */
  public String describe() {
    return path + ": " + before.orElse("(absent)") + " -> " + after.orElse("(absent)");
  }
}
