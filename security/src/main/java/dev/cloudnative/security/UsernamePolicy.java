package dev.cloudnative.security;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Username rules: NFKC-normalized and lower-cased so that look-alike spellings map to one account,
 * 3 to 64 characters from {@code a-z 0-9 . _ @ + -}, starting with a letter or digit.
 *
 * <p>Thread-safety: stateless.
 */
public final class UsernamePolicy {

  private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9._@+-]{2,63}");

  private UsernamePolicy() {}

  /**
   * Returns the canonical form of a username.
   *
   * @throws InvalidUsernameException if it breaks the rules
   */
  public static String normalize(String username) {
    return tryNormalize(username)
        .orElseThrow(
            () ->
                new InvalidUsernameException(
                    "Username must be 3..64 characters of a-z, 0-9, '.', '_', '@', '+', '-'"
                        + " starting with a letter or digit; got "
                        + describe(username)));
  }

  /** The canonical form, or empty if the username breaks the rules. */
  public static Optional<String> tryNormalize(String username) {
    if (username == null || username.length() > 256) {
      return Optional.empty();
    }
    String canonical =
        Normalizer.normalize(username, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return ALLOWED.matcher(canonical).matches() ? Optional.of(canonical) : Optional.empty();
  }

  private static String describe(String username) {
    if (username == null) {
      return "null";
    }
    return username.length() > 80
        ? "a value of " + username.length() + " characters"
        : "'" + username + "'";
  }
}
