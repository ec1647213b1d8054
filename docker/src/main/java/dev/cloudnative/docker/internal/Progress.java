package dev.cloudnative.docker.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wording of the progress lines both engines log at INFO, so a person following a build, push
 * or pull reads the same sentences whichever engine runs it.
 *
 * <p>Stateless and thread-safe.
 */
public final class Progress {
  // Docker's classic builder writes "Step 2/5 : COPY ...", Podman (buildah) "STEP 2/5: COPY ...".
  private static final Pattern STEP =
      Pattern.compile("(?i)^\\s*step\\s+(\\d+)/(\\d+)\\s*:\\s*(.*)$");

  private Progress() {}

  /** True if {@code engineLine} is a build step header of Docker or Podman. */
  public static boolean isStep(String engineLine) {
    return STEP.matcher(engineLine).matches();
  }

  /**
   * {@code build shop:1.0 step 2/5: COPY index.html /www/index.html} for a step header, empty for
   * any other line.
   *
   * @param image the build's first tag
   */
  public static Optional<String> buildStep(String image, String engineLine) {
    Matcher m = STEP.matcher(engineLine);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "build " + image + " step " + m.group(1) + "/" + m.group(2) + ": " + m.group(3).strip());
  }

  /**
   * A byte count as a person reads it: {@code 512 B}, {@code 2.0 kB}, {@code 12.4 MB} (powers of
   * 1000, as Docker).
   */
  public static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
