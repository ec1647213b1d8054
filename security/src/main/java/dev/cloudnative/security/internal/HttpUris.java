package dev.cloudnative.security.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Compares DPoP {@code htu} values with request URIs as RFC 9449 §4.3 asks: query and fragment
 * dropped, then RFC 3986 syntax-based normalisation (case of scheme and host, upper-case
 * percent-encoding, unreserved characters decoded, dot segments removed) and scheme-based
 * normalisation (default port dropped, empty path as {@code /}).
 *
 * <p>Thread-safety: stateless, therefore thread-safe.
 */
public final class HttpUris {

  private static final String HEX = "0123456789ABCDEF";

  private HttpUris() {}

  /**
   * The normalised {@code scheme://host[:port]/path} of {@code uri}, or empty if it is not an
   * absolute http(s) URI with a host and no user info.
   */
  public static Optional<String> normalized(String uri) {
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (!u.isAbsolute() || u.isOpaque() || u.getHost() == null || u.getRawUserInfo() != null) {
      return Optional.empty();
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort;
    if (scheme.equals("https")) {
      defaultPort = 443;
    } else if (scheme.equals("http")) {
      defaultPort = 80;
    } else {
      return Optional.empty();
    }
    int port = u.getPort() == defaultPort ? -1 : u.getPort();
    Optional<String> path = percentNormalized(u.getRawPath() == null ? "" : u.getRawPath());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    String p = removeDotSegments(path.get());
    return Optional.of(
        scheme
            + "://"
            + u.getHost().toLowerCase(Locale.ROOT)
            + (port < 0 ? "" : ":" + port)
            + (p.isEmpty() ? "/" : p));
  }

  /** Upper-case hex in escapes, unreserved characters decoded; empty on a broken escape. */
  private static Optional<String> percentNormalized(String path) {
    StringBuilder sb = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      if (i + 2 >= path.length()) {
        return Optional.empty();
      }
      int hi = Character.digit(path.charAt(i + 1), 16);
      int lo = Character.digit(path.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        return Optional.empty();
      }
      char decoded = (char) (hi * 16 + lo);
      if ((decoded >= 'A' && decoded <= 'Z')
          || (decoded >= 'a' && decoded <= 'z')
          || (decoded >= '0' && decoded <= '9')
          || decoded == '-'
          || decoded == '.'
          || decoded == '_'
          || decoded == '~') {
        sb.append(decoded);
      } else {
        sb.append('%').append(HEX.charAt(hi)).append(HEX.charAt(lo));
      }
      i += 2;
    }
    return Optional.of(sb.toString());
  }

  /** RFC 3986 §5.2.4. */
  private static String removeDotSegments(String path) {
    StringBuilder in = new StringBuilder(path);
    StringBuilder out = new StringBuilder(path.length());
    while (in.length() > 0) {
      if (startsWith(in, "../")) {
        in.delete(0, 3);
      } else if (startsWith(in, "./")) {
        in.delete(0, 2);
      } else if (startsWith(in, "/./")) {
        in.delete(0, 2);
      } else if (in.toString().equals("/.")) {
        in.replace(0, 2, "/");
      } else if (startsWith(in, "/../")) {
        in.delete(0, 3);
        dropLastSegment(out);
      } else if (in.toString().equals("/..")) {
        in.replace(0, 3, "/");
        dropLastSegment(out);
      } else if (in.toString().equals(".") || in.toString().equals("..")) {
        in.setLength(0);
      } else {
        int next = in.indexOf("/", in.charAt(0) == '/' ? 1 : 0);
        int end = next < 0 ? in.length() : next;
        out.append(in, 0, end);
        in.delete(0, end);
      }
    }
    return out.toString();
  }

  private static boolean startsWith(StringBuilder sb, String prefix) {
    return sb.length() >= prefix.length() && sb.substring(0, prefix.length()).equals(prefix);
  }

  private static void dropLastSegment(StringBuilder out) {
    int slash = out.lastIndexOf("/");
    out.setLength(Math.max(slash, 0));
  }
}
