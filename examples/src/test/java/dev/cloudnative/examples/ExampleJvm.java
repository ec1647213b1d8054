package dev.cloudnative.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.core.testing.LoopbackOnly;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in its own JVM the way a user would (its own {@code user.home}, no engine
 * variables unless given), under the loopback-only guard, and checks it exited 0 within 3 minutes
 * without trying to leave loopback. Output goes to a file, so a hanging program is cut off at the
 * deadline instead of blocking the read.
 *
 * <p>Stateless and thread-safe.
 */
final class ExampleJvm {

  private static final List<String> ENGINE_VARIABLES =
      List.of(
          "DOCKER_HOST", "KUBECONFIG", "CLOUDNATIVE_STORAGE_NODES", "CLOUDNATIVE_EXAMPLE_IMAGE");

  private ExampleJvm() {}

  /**
   * Runs {@code mainClass} with the test class path (plus {@code extraClasspath}, when not empty)
   * in {@code workDir}, with {@code env} added to an environment without engine variables; returns
   * what it printed.
   */
  static String run(String mainClass, String extraClasspath, Path workDir, Map<String, String> env)
      throws IOException, InterruptedException {
    String classpath =
        extraClasspath.isEmpty()
            ? System.getProperty("java.class.path")
            : extraClasspath + File.pathSeparator + System.getProperty("java.class.path");
    Path log = Files.createTempFile(workDir, "jvm-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.manager=" + LoopbackOnly.class.getName(),
                "-Duser.home=" + workDir,
                "-cp",
                classpath,
                mainClass)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().keySet().removeAll(ENGINE_VARIABLES);
    pb.environment().putAll(env);
    Process process = pb.start();
    boolean exited = process.waitFor(3, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("---- " + mainClass + " " + env.keySet() + "\n" + output);
    assertThat(exited).as("exited within 3 minutes; output:\n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit code; output:\n%s", output).isZero();
    assertThat(output).as("nothing tried to leave loopback").doesNotContain(LoopbackOnly.MARKER);
    return output;
  }
}
