package dev.cloudnative.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.Version;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real kill -9 of a JVM that is appending to a FileNode: every write the child acknowledged
 * before the kill must be there after reopening (the kernel keeps written pages when only the
 * process dies, so this holds for every fsync policy), and a record torn by the kill is cut off.
 */
class FileNodeCrashTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = FsyncPolicy.class,
      names = {"NEVER", "INTERVAL"})
  void killNineMidWriteLosesNoAcknowledgedWrite(FsyncPolicy policy) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    childClassPath(),
                    FileNodeWriterMain.class.getName(),
                    dir.toString(),
                    policy.name()))
            .redirectErrorStream(true)
            .start();
    long lastAcked = 0;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          lastAcked = Long.parseLong(line.trim());
        } catch (NumberFormatException e) {
          throw new AssertionError("child wrote: " + line);
        }
        if (lastAcked >= 10_000) {
          child.destroyForcibly(); // kill -9 while it keeps appending
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(lastAcked).isGreaterThanOrEqualTo(10_000);
    try (FileNode node = FileNode.builder("child", dir).fsync(FsyncPolicy.NEVER).open()) {
      System.out.printf(
          "kill -9 (%s): %d acknowledged, torn tail cut on recovery: %d bytes%n",
          policy, lastAcked, node.recoveredTruncatedBytes());
      for (long i = lastAcked - 4_999; i <= lastAcked; i++) {
        byte[] key = ("key-" + (i % 5000)).getBytes(StandardCharsets.UTF_8);
        Version v = node.get(key).orElseThrow().version();
        assertThat(v.timestamp()).as("key-%d", i % 5000).isGreaterThanOrEqualTo(i);
      }
    }
  }

  /**
   * The writer runs on a plain class path: surefire runs this module's tests on the module path
   * (storage has a module-info), so the module's classes are in {@code jdk.module.path}, the test
   * libraries in {@code java.class.path}.
   */
  private static String childClassPath() {
    String modulePath = System.getProperty("jdk.module.path", "");
    String classPath = System.getProperty("java.class.path", "");
    return modulePath.isEmpty() ? classPath : modulePath + java.io.File.pathSeparator + classPath;
  }
}
