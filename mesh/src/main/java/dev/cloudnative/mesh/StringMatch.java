package dev.cloudnative.mesh;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A match on one string attribute of a request (Istio's StringMatch): exact, prefix, regular
 * expression (whole value), or merely present. Regular expressions are compiled once, here.
 * Immutable; thread-safe.
 *
 * @param kind how to compare
 * @param value the literal, prefix or expression
 * @param pattern the compiled expression for {@link Kind#REGEX}, otherwise {@code null}
 */
public record StringMatch(Kind kind, String value, Pattern pattern) {

  /** How a {@link StringMatch} compares. */
  public enum Kind {
    EXACT,
    PREFIX,
    REGEX,
    PRESENT
  }

  public StringMatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (kind == Kind.REGEX && pattern == null) {
      try {
        pattern = Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "Invalid regular expression '"
                + value
                + "' ("
                + e.getDescription()
                + "); allowed a java.util.regex.Pattern",
            e);
      }
    }
  }

  public static StringMatch exact(String value) {
    return new StringMatch(Kind.EXACT, value, null);
  }

  public static StringMatch prefix(String value) {
    return new StringMatch(Kind.PREFIX, value, null);
  }

  public static StringMatch regex(String expression) {
    return new StringMatch(Kind.REGEX, Objects.requireNonNull(expression, "expression"), null);
  }

  public static StringMatch present() {
    return new StringMatch(Kind.PRESENT, "", null);
  }

  /**
   * @return whether {@code actual} (null when the attribute is absent) matches
   */
  public boolean matches(String actual) {
    if (actual == null) {
      return false;
    }
    switch (kind) {
      case EXACT:
        return value.equals(actual);
      case PREFIX:
        return actual.startsWith(value);
      case REGEX:
        return pattern.matcher(actual).matches();
      default:
        return true;
    }
  }
}
