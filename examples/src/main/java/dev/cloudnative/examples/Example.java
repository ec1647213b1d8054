package dev.cloudnative.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every example shares: printing short readable lines (examples may print; the SDK itself only
 * logs), and the build context of a tiny web site.
 */
final class Example {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private Example() {}

  /**
   * A FROM-scratch build context serving {@code page} at {@code /} with {@code busybox httpd -v} on
   * port 8080 (each request logged): it builds on Docker, Podman and the in-memory engine alike
   * without pulling anything. With Debian's static busybox on this machine the image carries the
   * real binary, so real engines run it; the in-memory engine runs its own model of busybox.
   */
  static Path webSite(String page) {
    return webSite(Map.of("index.html", "<h1>" + page + "</h1>\n"));
  }

  /**
   * The same, serving {@code files} (name to content) from {@code /www}; the files are in the
   * context too.
   */
  static Path webSite(Map<String, String> files) {
    try {
      Path dir = Files.createTempDirectory("cloudnative-example");
      List<String> dockerfile = new ArrayList<>(List.of("FROM scratch"));
      for (Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
        Files.writeString(dir.resolve(f.getKey()), f.getValue());
        dockerfile.add("COPY " + f.getKey() + " /www/" + f.getKey());
      }
      if (Files.isExecutable(BUSYBOX)) {
        Files.copy(BUSYBOX, dir.resolve("busybox"));
        dockerfile.add("COPY busybox /bin/busybox");
      }
      dockerfile.addAll(
          List.of(
              "EXPOSE 8080",
              "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-v\", \"-p\", \"8080\", \"-h\","
                  + " \"/www\"]",
              ""));
      Files.writeString(dir.resolve("Dockerfile"), String.join("\n", dockerfile));
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the example's build context", e);
    }
  }

  /** Prints one line of the example's story. */
  static void say(String line) {
    System.out.println(line);
  }
}
