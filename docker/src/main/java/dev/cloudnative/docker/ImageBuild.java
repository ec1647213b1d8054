package dev.cloudnative.docker;

import dev.cloudnative.docker.internal.Validate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An image build: a context (folder or tar), the Dockerfile inside it, tags, build args, labels,
 * target stage and cache/pull switches. Build output lines stream to {@link #listener()} as they
 * arrive.
 *
 * <p>Immutable and thread-safe if the listener is; the builder is not thread-safe.
 */
public record ImageBuild(
    Optional<Path> contextDir,
    Optional<Path> contextTar,
    String dockerfile,
    List<String> tags,
    Map<String, String> buildArgs,
    Map<String, String> labels,
    Optional<String> target,
    boolean noCache,
    boolean pull,
    Consumer<String> listener,
    Duration timeout) {

  public ImageBuild {
    tags = List.copyOf(tags);
    buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** Build from a context folder containing the Dockerfile. */
  public static Builder fromDirectory(Path dir) {
    java.util.Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new InvalidSpecException(
          "build context", String.valueOf(dir), "must be an existing directory");
    }
    return new Builder(dir, null);
  }

  /** Build from an (uncompressed or gzip) tar of the context. */
  public static Builder fromTar(Path tar) {
    java.util.Objects.requireNonNull(tar, "tar");
    if (!Files.isRegularFile(tar)) {
      throw new InvalidSpecException(
          "build context tar", String.valueOf(tar), "must be an existing file");
    }
    return new Builder(null, tar);
  }

  /** Builder for {@link ImageBuild}. */
  public static final class Builder {
    private final Path dir;
    private final Path tar;
    private String dockerfile = "Dockerfile";
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String target;
    private boolean noCache;
    private boolean pull;
    private Consumer<String> listener = line -> {};
    private Duration timeout = Duration.ofMinutes(10);

    private Builder(Path dir, Path tar) {
      this.dir = dir;
      this.tar = tar;
    }

    /** Dockerfile path relative to the context root. */
    public Builder dockerfile(String relativePath) {
      Validate.requireText("dockerfile", relativePath);
      Validate.value("dockerfile", relativePath);
      if (relativePath.startsWith("/") || relativePath.contains("..")) {
        throw new InvalidSpecException(
            "dockerfile", relativePath, "must be a path relative to the context root");
      }
      this.dockerfile = relativePath;
      return this;
    }

    /** Adds a tag ({@code repo[:tag]}). */
    public Builder tag(String reference) {
      tags.add(Validate.tagRef("tag", reference));
      return this;
    }

    public Builder buildArg(String key, String value) {
      buildArgs.put(Validate.envKey(key), Validate.value("build arg " + key, value));
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(Validate.labelKey(key), Validate.value("label " + key, value));
      return this;
    }

    public Builder target(String stage) {
      this.target = Validate.name("target stage", stage);
      return this;
    }

    public Builder noCache(boolean noCache) {
      this.noCache = noCache;
      return this;
    }

    public Builder pull(boolean pull) {
      this.pull = pull;
      return this;
    }

    /** Receives every build output line as it arrives (from an engine thread). */
    public Builder onLine(Consumer<String> listener) {
      this.listener = java.util.Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Builder timeout(Duration timeout) {
      java.util.Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new InvalidSpecException("build timeout", timeout.toString(), "must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public ImageBuild build() {
      if (tags.isEmpty()) {
        throw new InvalidSpecException(
            "tags", "[]", "a build needs at least one tag so its full id can be inspected");
      }
      return new ImageBuild(
          Optional.ofNullable(dir),
          Optional.ofNullable(tar),
          dockerfile,
          tags,
          buildArgs,
          labels,
          Optional.ofNullable(target),
          noCache,
          pull,
          listener,
          timeout);
    }
  }
}
