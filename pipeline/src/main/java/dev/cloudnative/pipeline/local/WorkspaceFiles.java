package dev.cloudnative.pipeline.local;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Files of the runner's workspace a pipeline names by path or glob (step cache inputs and outputs,
 * stage artifacts): matching, copying and deleting trees. Stateless, thread-safe.
 */
final class WorkspaceFiles {
  private static final String GLOB_CHARS = "*?[{";

  private WorkspaceFiles() {}

  /**
   * The regular files {@code pattern} (a path or a glob relative to {@code workspace}; a directory
   * stands for every file under it) matches, in path order, none under an {@code excluded} path.
   */
  static List<Path> matches(Path workspace, String pattern, List<Path> excluded)
      throws IOException {
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
        if (excluded.stream().noneMatch(p::startsWith)) {
          out.add(p);
        }
      } else if (Files.isDirectory(p)) {
        walk(p, f -> true, excluded, out);
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
    walk(root, f -> matcher.matches(workspace.relativize(f)), excluded, out);
    return out;
  }

  private static void walk(Path root, Predicate<Path> keep, List<Path> excluded, List<Path> out)
      throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(f -> excluded.stream().noneMatch(f::startsWith))
          .filter(Files::isRegularFile)
          .filter(keep)
          .sorted()
          .forEach(out::add);
    }
  }

  /** Copies a file or a tree to {@code target}, replacing files, keeping modification times. */
  static void copyRecursively(Path source, Path target) throws IOException {
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

  /** Deletes a file or a tree, if it exists (a symbolic link itself, never what it points to). */
  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
