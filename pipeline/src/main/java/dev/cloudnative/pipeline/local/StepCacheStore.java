package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.CommandStep;
import dev.cloudnative.pipeline.ContainerStep;
import dev.cloudnative.pipeline.ShellStep;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.StepCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step cache of a runner: keys a step by a SHA-256 of what its result depends on, and keeps the
 * outputs of a successful run under {@code <cache dir>/<key>/} ({@code files/} the declared outputs
 * as they were in the workspace, {@code outputs} the step's {@code $PIPELINE_OUTPUT}, {@code
 * manifest} the size and SHA-256 of each of them). An entry is written in a temporary directory and
 * renamed into place, so a reader sees a whole entry or none, and two runs storing the same key at
 * once keep one. Before an entry is restored every file is checked against its manifest: an entry
 * without one, with a file missing, changed or added, or without a declared output is corrupt, is
 * moved aside and deleted, and counts as a miss (the step runs and stores a new one). Thread-safe
 * (no state but the directory; entries are never changed in place).
 *
 * <p>The key hashes, each field framed by its length so no two fields can run into each other: a
 * format version, the step's kind and argument list (a shell step's script and args, a container
 * step's image, its digest when the executor tells it, and command), its working directory, the
 * stage's matrix values, the name and value of every variable {@link StepCache#env()} names (unset
 * is not empty), for every input pattern in order the number of files it matches (outside the
 * declared outputs and the cache directory) and each of them in path order with the SHA-256 of its
 * content, and the declared outputs.
 */
final class StepCacheStore {
  private static final Logger LOG = LoggerFactory.getLogger(StepCacheStore.class);
  private static final String VERSION = "cloudnative-pipeline step cache 1";
  private static final String GLOB_CHARS = "*?[{";
  private static final String MANIFEST = "manifest";
  private static final String OUTPUTS = "outputs";
  private static final String FILES = "files";

  private final Path directory;
  private final Path workspace;

  StepCacheStore(Path directory, Path workspace) {
    this.directory = directory;
    this.workspace = workspace;
  }

  /** A hit: the entry's directory. */
  record Entry(String key, Path dir) {
    Path outputsFile() {
      return dir.resolve(OUTPUTS);
    }
  }

  /** The key of {@code step}, whose merged environment is {@code env}. */
  String key(
      Step step,
      StepCache cache,
      Map<String, String> env,
      Map<String, String> matrix,
      Optional<String> imageDigest)
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
    field(sha, "matrix");
    field(sha, Integer.toString(matrix.size()));
    matrix.forEach(
        (k, v) -> {
          field(sha, k);
          field(sha, v);
        });
    field(sha, "env");
    for (String name : new TreeSet<>(cache.env())) {
      String value = env.get(name);
      field(sha, name);
      field(sha, value == null ? "unset" : "set");
      field(sha, value == null ? "" : value);
    }
    field(sha, "inputs");
    List<Path> ownOutputs =
        cache.outputs().stream().map(o -> workspace.resolve(o).normalize()).toList();
    for (String pattern : cache.inputs()) {
      field(sha, pattern);
      List<Path> files = matches(pattern, ownOutputs);
      field(sha, Integer.toString(files.size()));
      for (Path file : files) {
        field(sha, workspace.relativize(file).toString());
        field(sha, contentHash(file));
      }
    }
    field(sha, "outputs");
    fields(sha, cache.outputs());
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * The entry stored under {@code key}, if there is a whole one whose files all match its manifest
   * and hold every output {@code cache} declares. A corrupt entry is moved aside and deleted.
   */
  Optional<Entry> lookup(String key, StepCache cache) {
    Path dir = directory.resolve(key);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    Optional<String> corrupt;
    try {
      corrupt = check(dir, cache);
    } catch (IOException e) {
      corrupt = Optional.of("cannot be read: " + e);
    }
    if (corrupt.isEmpty()) {
      return Optional.of(new Entry(key, dir));
    }
    LOG.warn("step cache entry {} {}: discarding it", dir, corrupt.get());
    discard(dir);
    return Optional.empty();
  }

  /** Why the entry in {@code dir} cannot be used, if it cannot. */
  private static Optional<String> check(Path dir, StepCache cache) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return Optional.of("has no manifest");
    }
    Map<String, String> expected = new TreeMap<>();
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab < 0) {
        return Optional.of("has a malformed manifest line '" + line + "'");
      }
      expected.put(line.substring(tab + 1), line.substring(0, tab));
    }
    if (!expected.containsKey(OUTPUTS)) {
      return Optional.of("has no outputs file in its manifest");
    }
    Map<String, String> actual = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = relative(dir, f);
        if (!rel.equals(MANIFEST)) {
          actual.put(rel, Files.size(f) + " " + contentHash(f));
        }
      }
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String found = actual.get(e.getKey());
      if (found == null) {
        return Optional.of("lacks its file '" + e.getKey() + "'");
      }
      if (!found.equals(e.getValue())) {
        return Optional.of("has a changed file '" + e.getKey() + "'");
      }
    }
    for (String rel : actual.keySet()) {
      if (!expected.containsKey(rel)) {
        return Optional.of("has a file its manifest does not list: '" + rel + "'");
      }
    }
    for (String output : cache.outputs()) {
      if (!Files.exists(dir.resolve(FILES).resolve(output), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of("lacks the declared output '" + output + "'");
      }
    }
    return Optional.empty();
  }

  /** Moves a corrupt entry out of the way (a rename, so no reader sees it half deleted). */
  private void discard(Path dir) {
    Path aside = directory.resolve(".corrupt-" + UUID.randomUUID());
    try {
      Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
      deleteRecursively(aside);
    } catch (NoSuchFileException e) {
      // another run discarded it first
    } catch (IOException e) {
      LOG.warn("cannot delete corrupt step cache entry {}", dir, e);
    }
  }

  /**
   * Puts the entry's outputs back into the workspace, replacing what is there; returns how many.
   */
  int restore(Entry entry, StepCache cache) throws IOException {
    int restored = 0;
    for (String output : cache.outputs()) {
      Path target = workspace.resolve(output).normalize();
      deleteRecursively(target);
      copyRecursively(entry.dir().resolve(FILES).resolve(output).normalize(), target);
      restored++;
    }
    return restored;
  }

  /**
   * Stores the outputs of a successful run of the step under {@code key}; returns why it could not,
   * if it could not (a declared output the step did not produce).
   */
  Optional<String> store(String key, StepCache cache, Path pipelineOutput) throws IOException {
    for (String output : cache.outputs()) {
      Path p = workspace.resolve(output).normalize();
      if (!Files.exists(p)) {
        return Optional.of("not cached: declared output '" + output + "' does not exist");
      }
      if (p.startsWith(directory) || directory.startsWith(p)) {
        return Optional.of(
            "not cached: declared output '" + output + "' overlaps the cache directory");
      }
    }
    Files.createDirectories(directory);
    Path tmp = directory.resolve(".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(tmp.resolve(FILES));
      for (String output : cache.outputs()) {
        copyRecursively(workspace.resolve(output).normalize(), tmp.resolve(FILES).resolve(output));
      }
      if (Files.exists(pipelineOutput)) {
        Files.copy(pipelineOutput, tmp.resolve(OUTPUTS));
      } else {
        Files.writeString(tmp.resolve(OUTPUTS), "", StandardCharsets.UTF_8);
      }
      StringBuilder manifest = new StringBuilder();
      try (Stream<Path> files = Files.walk(tmp)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          manifest
              .append(Files.size(f))
              .append(' ')
              .append(contentHash(f))
              .append('\t')
              .append(relative(tmp, f))
              .append('\n');
        }
      }
      // written last: an entry is whole when its manifest is there (and the rename makes it so)
      Files.writeString(tmp.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
      Path target = directory.resolve(key);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // rename(2) refuses a non-empty target: another run stored the same key first, and the
        // same inputs give the same entry; anything else is a real failure
        if (!Files.isRegularFile(target.resolve(MANIFEST))) {
          throw e;
        }
      }
    } finally {
      deleteRecursively(tmp);
    }
    return Optional.empty();
  }

  private static String relative(Path dir, Path file) {
    return dir.relativize(file).toString();
  }

  /**
   * The regular files {@code pattern} matches, outside the cache directory and {@code excluded}.
   */
  private List<Path> matches(String pattern, List<Path> excluded) throws IOException {
    List<Path> skip = new ArrayList<>(excluded);
    skip.add(directory);
    return WorkspaceFiles.matches(workspace, pattern, skip);
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
    WorkspaceFiles.copyRecursively(source, target);
  }

  private static void deleteRecursively(Path p) throws IOException {
    WorkspaceFiles.deleteRecursively(p);
  }
}
