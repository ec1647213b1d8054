package dev.cloudnative.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build contexts of a tiny web application that every engine runs: FROM scratch, a page under
 * {@code /www}, and {@code busybox httpd} on port 8080. Docker and Podman run the real static
 * busybox copied into the image; the in-memory engine runs its built-in model of it.
 *
 * <p>Stateless and thread-safe.
 */
public final class ShopImage {

  /** Debian's static busybox (package busybox-static), when installed. */
  public static final Path BUSYBOX =
      Path.of(System.getenv().getOrDefault("CLOUDNATIVE_BUSYBOX", "/bin/busybox"));

  private ShopImage() {}

  /** True when the real static busybox is here to copy into images for real engines. */
  public static boolean realBusyboxAvailable() {
    return Files.isExecutable(BUSYBOX);
  }

  /**
   * A context in {@code dir} serving {@code page} at {@code /}; with the real busybox when {@code
   * copyBusybox}.
   */
  public static Path context(Path dir, String page, boolean copyBusybox) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("index.html"), page + "\n");
      List<String> dockerfile =
          new ArrayList<>(List.of("FROM scratch", "COPY index.html /www/index.html"));
      if (copyBusybox) {
        Files.copy(
            BUSYBOX, dir.resolve("busybox"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        dockerfile.add("COPY busybox /bin/busybox");
      }
      dockerfile.addAll(
          List.of(
              "EXPOSE 8080",
              "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]",
              ""));
      Files.writeString(dir.resolve("Dockerfile"), String.join("\n", dockerfile));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the shop build context in " + dir, e);
    }
  }
}
