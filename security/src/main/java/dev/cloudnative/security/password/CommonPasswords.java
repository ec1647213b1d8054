package dev.cloudnative.security.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The shipped list of common passwords (lower-case, 8+ characters; see common-passwords.NOTICE.txt
 * for its origin and licence), loaded once on first use.
 *
 * <p>Thread-safety: the set is built once by the class-holder idiom and never changes.
 */
public final class CommonPasswords {

  private static final String RESOURCE = "common-passwords.txt";

  private CommonPasswords() {}

  /** True if the lower-cased candidate is on the list. */
  public static boolean contains(String lowerCaseCandidate) {
    return Holder.SET.contains(lowerCaseCandidate);
  }

  /** Number of entries on the list. */
  public static int size() {
    return Holder.SET.size();
  }

  private static final class Holder {
    static final Set<String> SET = load();

    private static Set<String> load() {
      try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "Resource " + RESOURCE + " is missing from the security module");
        }
        Set<String> set = new HashSet<>(32_768);
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank()) {
              set.add(line.strip());
            }
          }
        }
        return Set.copyOf(set);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + RESOURCE, e);
      }
    }
  }
}
