package dev.cloudnative.security;

import dev.cloudnative.security.password.CommonPasswords;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Password rules after OWASP ASVS 5.0 (V6.2) and NIST SP 800-63B: a minimum length (at least 8, 15
 * recommended), a maximum of at least 64 characters, no composition rules, and a check against a
 * list of the most common passwords shipped with the module (about 18,000 entries of 8+ characters
 * from the zxcvbn corpus) plus the username itself. Lengths count Unicode code points, so every
 * printable character is allowed.
 *
 * <p>Thread-safety: immutable.
 */
public final class PasswordPolicy {

  /** A rule a password broke. */
  public enum Violation {
    TOO_SHORT,
    TOO_LONG,
    COMMON_PASSWORD,
    CONTAINS_USERNAME
  }

  private final int minLength;
  private final int maxLength;
  private final boolean rejectCommon;
  private final Predicate<String> extraBlocklist;

  private PasswordPolicy(Builder b) {
    this.minLength = b.minLength;
    this.maxLength = b.maxLength;
    this.rejectCommon = b.rejectCommon;
    this.extraBlocklist = b.extraBlocklist;
  }

  /** ASVS level 1: 8 to 128 characters, common passwords rejected. */
  public static PasswordPolicy ofDefaults() {
    return custom().build();
  }

  /** The ASVS recommendation: at least 15 characters, up to 128, common passwords rejected. */
  public static PasswordPolicy recommended() {
    return custom().minLength(15).build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public int minLength() {
    return minLength;
  }

  public int maxLength() {
    return maxLength;
  }

  /**
   * Checks a candidate password for {@code username}.
   *
   * @throws WeakPasswordException listing every violated rule
   */
  public void check(String username, char[] password) {
    Set<Violation> violations = violations(username, password);
    if (!violations.isEmpty()) {
      throw new WeakPasswordException(
          violations,
          "Password rejected: "
              + violations
              + " (length must be "
              + minLength
              + ".."
              + maxLength
              + " characters; common passwords and the username are not allowed)");
    }
  }

  /** Every rule the password breaks; empty if it is acceptable. */
  public Set<Violation> violations(String username, char[] password) {
    EnumSet<Violation> found = EnumSet.noneOf(Violation.class);
    String candidate = new String(password);
    int length = candidate.codePointCount(0, candidate.length());
    if (length < minLength) {
      found.add(Violation.TOO_SHORT);
    }
    if (length > maxLength) {
      found.add(Violation.TOO_LONG);
    }
    String lower = candidate.toLowerCase(Locale.ROOT);
    if (rejectCommon
        && (CommonPasswords.contains(lower)
            || isSingleRepeatedCharacter(lower)
            || extraBlocklist.test(lower))) {
      found.add(Violation.COMMON_PASSWORD);
    }
    if (username != null
        && username.length() >= 3
        && lower.contains(username.toLowerCase(Locale.ROOT))) {
      found.add(Violation.CONTAINS_USERNAME);
    }
    return found;
  }

  private static boolean isSingleRepeatedCharacter(String s) {
    return !s.isEmpty() && s.codePoints().distinct().count() == 1;
  }

  /** Builder for {@link PasswordPolicy}; not thread-safe. */
  public static final class Builder {
    private int minLength = 8;
    private int maxLength = 128;
    private boolean rejectCommon = true;
    private Predicate<String> extraBlocklist = s -> false;

    private Builder() {}

    /** Minimum length in code points; at least 8 (ASVS), 15 recommended. */
    public Builder minLength(int minLength) {
      if (minLength < 8) {
        throw new InvalidConfigurationException(
            "Password minLength " + minLength + " is below ASVS's minimum of 8");
      }
      this.minLength = minLength;
      return this;
    }

    /**
     * Maximum length in code points; at least 64 (ASVS) and at most 4096 to bound hashing input.
     */
    public Builder maxLength(int maxLength) {
      if (maxLength < 64 || maxLength > 4096) {
        throw new InvalidConfigurationException(
            "Password maxLength "
                + maxLength
                + " is outside 64..4096 (ASVS requires at least 64 to be allowed)");
      }
      this.maxLength = maxLength;
      return this;
    }

    /** Whether to reject the shipped common passwords (default true). */
    public Builder rejectCommonPasswords(boolean reject) {
      this.rejectCommon = reject;
      return this;
    }

    /**
     * An additional blocklist, e.g. the product name or a breached-password lookup; receives the
     * lower-cased candidate and returns true to reject it.
     */
    public Builder blocklist(Predicate<String> blocked) {
      this.extraBlocklist = java.util.Objects.requireNonNull(blocked, "blocklist");
      return this;
    }

    public PasswordPolicy build() {
      if (maxLength < minLength) {
        throw new InvalidConfigurationException(
            "Password maxLength " + maxLength + " is below minLength " + minLength);
      }
      return new PasswordPolicy(this);
    }
  }
}
