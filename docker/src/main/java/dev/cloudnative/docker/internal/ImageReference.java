package dev.cloudnative.docker.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference split the way Docker splits it (github.com/distribution/reference): optional
 * domain (registry host with optional port), lower-case path, optional tag, optional digest. {@link
 * #problem(String)} says why a string is not a reference, so the engines can refuse it before any
 * call with Docker's own rule.
 *
 * <p>Immutable and thread-safe.
 *
 * @param domain registry host[:port] as written, empty when the reference has none (Docker Hub)
 * @param path repository path, e.g. {@code shop} or {@code team/shop}
 * @param tag tag, empty when absent
 * @param digest {@code algorithm:hex}, empty when absent
 */
public record ImageReference(String domain, String path, String tag, String digest) {
  /** What a valid reference looks like, appended to every rejection. */
  public static final String RULE =
      "allowed: [domain[:port]/]path[:tag][@digest], where path is one or more '/'-separated"
          + " lower-case components of [a-z0-9] joined by '.', '_', '__' or '-', tag matches"
          + " [A-Za-z0-9_][A-Za-z0-9_.-]{0,127} and digest is sha256:<64 lower-case hex> (or"
          + " sha384:<96>, sha512:<128>)";

  /** Docker Hub, the registry of references without a domain. */
  public static final String DOCKER_HUB = "docker.io";

  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern ALGORITHM =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{32,}");
  private static final int NAME_MAX = 255;

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException with {@link #problem(String)}'s text if it is not one
   */
  public static ImageReference parse(String reference) {
    String problem = problem(java.util.Objects.requireNonNull(reference, "reference"));
    if (problem != null) {
      throw new IllegalArgumentException(
          "image reference '" + reference + "' is invalid: " + problem);
    }
    String rest = reference;
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = "";
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    int slash = rest.indexOf('/');
    if (slash > 0 && isDomain(rest.substring(0, slash))) {
      return new ImageReference(rest.substring(0, slash), rest.substring(slash + 1), tag, digest);
    }
    return new ImageReference("", rest, tag, digest);
  }

  /** Why {@code reference} is not a valid reference, or null if it is one. */
  public static String problem(String reference) {
    if (reference.isEmpty()) {
      return "a reference must not be empty";
    }
    String name = reference;
    int at = name.indexOf('@');
    if (at >= 0) {
      String d = digestProblem(name.substring(at + 1));
      if (d != null) {
        return d;
      }
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      String tag = name.substring(colon + 1);
      if (!TAG.matcher(tag).matches()) {
        return "tag '"
            + tag
            + "' must start with a letter, digit or '_', continue with letters, digits, '_', '.' or"
            + " '-' and be at most 128 characters";
      }
      name = name.substring(0, colon);
    }
    if (name.isEmpty()) {
      return "the repository name is empty";
    }
    if (name.length() > NAME_MAX) {
      return "the repository name is "
          + name.length()
          + " characters, at most "
          + NAME_MAX
          + " are allowed";
    }
    String[] parts = name.split("/", -1);
    // Docker's grammar lets the first component be a domain whenever it fits the domain rule, else
    // a path component.
    boolean firstIsDomain = parts.length > 1 && DOMAIN.matcher(parts[0]).matches();
    if (firstIsDomain && pathProblem(parts, 1) == null) {
      return null;
    }
    String asPath = pathProblem(parts, 0);
    if (asPath == null) {
      return null;
    }
    if (parts.length > 1
        && !firstIsDomain
        && (parts[0].contains(".") || parts[0].contains(":") || parts[0].contains("["))) {
      return "registry host '"
          + parts[0]
          + "' must be a host name, IPv4 address or [IPv6] address with an optional "
          + ":port";
    }
    return firstIsDomain ? pathProblem(parts, 1) : asPath;
  }

  private static String pathProblem(String[] parts, int from) {
    for (int i = from; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty()) {
        return "the repository path has an empty component (a leading, trailing or doubled '/')";
      }
      if (!p.equals(p.toLowerCase(Locale.ROOT))) {
        return "repository name must be lower-case ('" + p + "' has upper-case letters)";
      }
      if (!PATH_COMPONENT.matcher(p).matches()) {
        return "path component '"
            + p
            + "' must be lower-case letters and digits joined by '.', '_', '__' or '-'";
      }
    }
    return null;
  }

  private static String digestProblem(String digest) {
    int colon = digest.indexOf(':');
    if (colon <= 0
        || !ALGORITHM.matcher(digest.substring(0, colon)).matches()
        || !HEX.matcher(digest.substring(colon + 1)).matches()) {
      return "digest '"
          + digest
          + "' must be algorithm:hex with at least 32 hex characters, e.g. sha256:<64 hex>";
    }
    String algorithm = digest.substring(0, colon);
    String hex = digest.substring(colon + 1);
    int length =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha384" -> 96;
          case "sha512" -> 128;
          default -> -1;
        };
    if (length < 0) {
      return "digest algorithm '" + algorithm + "' is not supported (sha256, sha384 or sha512)";
    }
    if (hex.length() != length || !hex.equals(hex.toLowerCase(Locale.ROOT))) {
      return "a "
          + algorithm
          + " digest must be "
          + length
          + " lower-case hex characters, '"
          + digest
          + "' has "
          + hex.length()
          + (hex.equals(hex.toLowerCase(Locale.ROOT)) ? "" : " with upper-case ones");
    }
    return null;
  }

  /**
   * Docker's split rule: the first component names a registry if it has a '.' or ':', is localhost
   * or has capitals.
   */
  private static boolean isDomain(String first) {
    return DOMAIN.matcher(first).matches()
        && (first.contains(".")
            || first.contains(":")
            || first.equals("localhost")
            || !first.equals(first.toLowerCase(Locale.ROOT)));
  }

  /** The registry host[:port] this reference is pushed to and pulled from. */
  public String registry() {
    return domain.isEmpty() ? DOCKER_HUB : domain;
  }

  /**
   * The reference as Docker shows it locally: Docker Hub's {@code docker.io/} and {@code library/}
   * prefixes dropped, {@code :latest} added when there is neither tag nor digest.
   */
  public String familiar() {
    String repo = domain + "/" + path;
    if (domain.isEmpty() || domain.equals(DOCKER_HUB) || domain.equals("index.docker.io")) {
      repo = path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }
    if (!digest.isEmpty()) {
      return repo + (tag.isEmpty() ? "" : ":" + tag) + "@" + digest;
    }
    return repo + ":" + (tag.isEmpty() ? "latest" : tag);
  }

  /** Repository without tag or digest, in the familiar form (e.g. {@code registry.local/shop}). */
  public String repository() {
    String f = familiar();
    int at = f.indexOf('@');
    String noDigest = at < 0 ? f : f.substring(0, at);
    int colon = noDigest.lastIndexOf(':');
    return colon > noDigest.lastIndexOf('/') ? noDigest.substring(0, colon) : noDigest;
  }
}
