package dev.cloudnative.pipeline.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks, before a step starts, that its executable can be found the way execvp(3) will look for
 * it. The step runs under {@code setsid}, which always starts, so a missing program would otherwise
 * surface only as exit code 127 and a line on the step's stderr; checking first keeps the failure a
 * clear message. Stateless, thread-safe.
 */
final class Executables {
  /** execvp's search path when the environment has no {@code PATH}. */
  static final String DEFAULT_PATH = "/bin:/usr/bin";

  private Executables() {}

  /**
   * Why {@code executable} cannot be started from {@code workingDirectory} with {@code path} (the
   * child's {@code PATH}, or {@link #DEFAULT_PATH} if it has none); empty if it can.
   */
  static Optional<String> problem(String executable, Path workingDirectory, String path) {
    try {
      if (executable.contains("/")) {
        Path file = workingDirectory.resolve(executable);
        if (!Files.exists(file)) {
          return Optional.of("executable '" + executable + "' not found (no such file)");
        }
        return runnable(file)
            ? Optional.empty()
            : Optional.of("executable '" + executable + "' is not executable (permission denied)");
      }
      boolean denied = false;
      for (String dir : path.split(File.pathSeparator, -1)) {
        Path file = (dir.isEmpty() ? workingDirectory : workingDirectory.resolve(dir));
        file = file.resolve(executable);
        if (Files.exists(file)) {
          if (runnable(file)) {
            return Optional.empty();
          }
          denied = true; // execvp goes on searching after EACCES and reports it only at the end
        }
      }
      return Optional.of(
          denied
              ? "executable '" + executable + "' is not executable (permission denied)"
              : "executable '" + executable + "' not found (not on PATH " + path + " nor a file)");
    } catch (InvalidPathException e) {
      return Optional.of("executable '" + executable + "' is not a valid path: " + e.getMessage());
    }
  }

  private static boolean runnable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }
}
