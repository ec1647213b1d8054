package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.CommandStep;
import dev.cloudnative.pipeline.ContainerStep;
import dev.cloudnative.pipeline.ShellStep;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.StepCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The step cache of a runner: keys a step by a SHA-256 of what its result depends on, and keeps the
 * outputs of a successful run under {@code <cache dir>/<key>/} ({@code files/} the declared outputs
 * as they were in the workspace, {@code outputs} the step's {@code $PIPELINE_OUTPUT}). An entry is
 * written in a temporary directory and renamed into place, so a reader sees a whole entry or none,
 * and two runs storing the same key at once keep one. Thread-safe (no state but the directory).
 *
 * <p>The key hashes, each field framed by its length so no two fields can run into each other: a
 * format version, the step's kind and argument list (a shell step's script and args, a container
 * step's image, its digest when the executor tells it, and command), its working directory, the
 * name and value of every variable {@link StepCache#env()} names (unset is not empty), for every
 * input pattern in order each file it matches in path order with the SHA-256 of its content, and
 * the declared outputs.
 */
final class StepCacheStore {
  private static final String VERSION = "cloudnative-pipeline step cache 1";
  private static final String GLOB_CHARS = "*?[{";

  private final Path directory;
  private final Path workspace;

  StepCacheStore(Path directory, Path workspace) {
    this.directory = directory;
    this.workspace = workspace;
  }

  /** A hit: the entry's directory. */
  record Entry(String key, Path dir) {
    Path outputsFile() {
      return dir.resolve("outputs");
    }
  }

  /** The key of {@code step}, whose merged environment is {@code env}. */
  String key(Step step, StepCache cache, Map<String, String> env, Optional<String> imageDigest)
      throws IOException {
    MessageDigest sha = sha256();
    field(sha, VERSION);
    if (step instanceof CommandStep c) {
      field(sha, "command");
      fields(sha, c.command());
    } else if (step instanceof ShellStep s) {
      field(sha, "shell");
      field(sha, s.script());
      fields(sha, s.args());
    } else if (step instanceof ContainerStep c) {
      field(sha, "container");
      field(sha, c.image());
      field(sha, imageDigest.orElse(""));
      fields(sha, c.command());
    } else {
      throw new IllegalStateException("a " + step.getClass().getSimpleName() + " has no cache key");
    }
    field(sha, step.options().workingDirectory().orElse(""));
    field(sha, "env");
    for (String name : new TreeSet<>(cache.env())) {
      String value = env.get(name);
      field(sha, name);
      field(sha, value == null ? "unset" : "set");
      field(sha, value == null ? "" : value);
    }
    field(sha, "inputs");
    for (String pattern : cache.inputs()) {
      field(sha, pattern);
      for (Path file : matches(pattern)) {
        field(sha, workspace.relativize(file).toString());
        field(sha, contentHash(file));
      }
    }
    field(sha, "outputs");
    fields(sha, cache.outputs());
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The entry stored under {@code key}, if any. */
  Optional<Entry> lookup(String key) {
    Path dir = directory.resolve(key);
    return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("outputs"))
        ? Optional.of(new Entry(key, dir))
        : Optional.empty();
  }

  /**
   * Puts the entry's outputs back into the workspace, replacing what is there; returns how many.
   */
  int restore(Entry entry, StepCache cache) throws IOException {
    int restored = 0;
    for (String output : cache.outputs()) {
      Path target = workspace.resolve(output).normalize();
      deleteRecursively(target);
      Path source = entry.dir().resolve("files").resolve(output).normalize();
      if (Files.exists(source)) {
        copyRecursively(source, target);
        restored++;
      }
    }
    return restored;
  }

  /**
   * Stores the outputs of a successful run of the step under {@code key}; returns why it could not,
   * if it could not (a declared output the step did not produce).
   */
  Optional<String> store(String key, StepCache cache, Path pipelineOutput) throws IOException {
    for (String output : cache.outputs()) {
      if (!Files.exists(workspace.resolve(output))) {
        return Optional.of("not cached: declared output '" + output + "' does not exist");
      }
    }
    Files.createDirectories(directory);
    Path tmp = directory.resolve(".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(tmp.resolve("files"));
      for (String output : cache.outputs()) {
        copyRecursively(workspace.resolve(output), tmp.resolve("files").resolve(output));
      }
      if (Files.exists(pipelineOutput)) {
        Files.copy(pipelineOutput, tmp.resolve("outputs"));
      } else {
        Files.writeString(tmp.resolve("outputs"), "", StandardCharsets.UTF_8);
      }
      try {
        Files.move(tmp, directory.resolve(key), StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        // another run stored the same key first: the same inputs, so the same entry
      }
    } finally {
      deleteRecursively(tmp);
    }
    return Optional.empty();
  }

  /** The regular files {@code pattern} matches under the workspace, in path order. */
  private List<Path> matches(String pattern) throws IOException {
    int glob = -1;
    for (int i = 0; i < pattern.length(); i++) {
      if (GLOB_CHARS.indexOf(pattern.charAt(i)) >= 0) {
        glob = i;
        break;
      }
    }
    List<Path> out = new ArrayList<>();
    if (glob < 0) {
      Path p = workspace.resolve(pattern).normalize();
      if (Files.isRegularFile(p)) {
        out.add(p);
      } else if (Files.isDirectory(p)) {
        walk(p, f -> true, out);
      }
      return out;
    }
    // walk only below the pattern's literal directory prefix
    int slash = pattern.lastIndexOf('/', glob);
    Path root = slash < 0 ? workspace : workspace.resolve(pattern.substring(0, slash)).normalize();
    if (!Files.isDirectory(root)) {
      return out;
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    walk(root, f -> matcher.matches(workspace.relativize(f)), out);
    return out;
  }

  private void walk(Path root, java.util.function.Predicate<Path> keep, List<Path> out)
      throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(f -> !f.startsWith(directory))
          .filter(Files::isRegularFile)
          .filter(keep)
          .sorted()
          .forEach(out::add);
    }
  }

  private static String contentHash(Path file) throws IOException {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void fields(MessageDigest sha, List<String> values) {
    field(sha, Integer.toString(values.size()));
    values.forEach(v -> field(sha, v));
  }

  private static void field(MessageDigest sha, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    sha.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void copyRecursively(Path source, Path target) throws IOException {
    if (Files.isDirectory(source)) {
      try (Stream<Path> files = Files.walk(source)) {
        for (Path f : files.sorted().toList()) {
          Path t = target.resolve(source.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(t);
          } else {
            Files.copy(
                f, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    } else {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.copy(
          source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
