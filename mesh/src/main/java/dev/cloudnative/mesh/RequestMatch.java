package dev.cloudnative.mesh;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Conditions on a request, all of which must hold (Istio's HTTPMatchRequest): HTTP method, path,
 * headers and the caller's source labels. Headers are kept in parallel arrays so that evaluation is
 * a loop without allocation (regular expressions aside). Combine with {@link #and(RequestMatch)}.
 * Immutable; thread-safe.
 */
public final class RequestMatch {

  private static final RequestMatch ANY = new RequestMatch("", null, Map.of(), Map.of());

  private final String method;
  private final StringMatch path;
  private final Map<String, StringMatch> headers;
  private final Map<String, String> sourceLabels;
  private final String[] headerNames;
  private final StringMatch[] headerMatches;
  private final String[] labelNames;
  private final String[] labelValues;

  private RequestMatch(
      String method,
      StringMatch path,
      Map<String, StringMatch> headers,
      Map<String, String> sourceLabels) {
    this.method = method;
    this.path = path;
    this.headers = Map.copyOf(headers);
    this.sourceLabels = Map.copyOf(sourceLabels);
    this.headerNames = headers.keySet().toArray(new String[0]);
    this.headerMatches = new StringMatch[headerNames.length];
    for (int i = 0; i < headerNames.length; i++) {
      headerMatches[i] = headers.get(headerNames[i]);
    }
    this.labelNames = sourceLabels.keySet().toArray(new String[0]);
    this.labelValues = new String[labelNames.length];
    for (int i = 0; i < labelNames.length; i++) {
      labelValues[i] = sourceLabels.get(labelNames[i]);
    }
  }

  /**
   * @return a match that every request satisfies
   */
  public static RequestMatch any() {
    return ANY;
  }

  /**
   * @return a match on header {@code name} (case-insensitive)
   */
  public static RequestMatch header(String name, StringMatch match) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(match, "match");
    return ANY.and(
        new RequestMatch("", null, Map.of(name.toLowerCase(Locale.ROOT), match), Map.of()));
  }

  /**
   * @return a match on a header whose value equals {@code value}
   */
  public static RequestMatch headerExact(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return header(name, StringMatch.exact(value));
  }

  public static RequestMatch path(StringMatch match) {
    return new RequestMatch("", Objects.requireNonNull(match, "match"), Map.of(), Map.of());
  }

  public static RequestMatch pathPrefix(String prefix) {
    return path(StringMatch.prefix(Objects.requireNonNull(prefix, "prefix")));
  }

  public static RequestMatch method(String method) {
    Objects.requireNonNull(method, "method");
    return new RequestMatch(method.toUpperCase(Locale.ROOT), null, Map.of(), Map.of());
  }

  public static RequestMatch sourceLabel(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return new RequestMatch("", null, Map.of(), Map.of(name, value));
  }

  /**
   * @return a match requiring this and {@code other}; on a conflicting method, path or header the
   *     other wins
   */
  public RequestMatch and(RequestMatch other) {
    Objects.requireNonNull(other, "other");
    Map<String, StringMatch> mergedHeaders = new LinkedHashMap<>(headers);
    mergedHeaders.putAll(other.headers);
    Map<String, String> mergedLabels = new LinkedHashMap<>(sourceLabels);
    mergedLabels.putAll(other.sourceLabels);
    return new RequestMatch(
        other.method.isEmpty() ? method : other.method,
        other.path == null ? path : other.path,
        mergedHeaders,
        mergedLabels);
  }

  /**
   * @return whether {@code request} satisfies every condition; allocates nothing unless a regex is
   *     evaluated
   */
  public boolean matches(MeshRequest request) {
    Objects.requireNonNull(request, "request");
    if (!method.isEmpty() && !method.equals(request.method())) {
      return false;
    }
    if (path != null && !path.matches(request.path())) {
      return false;
    }
    Map<String, String> requestHeaders = request.headers();
    for (int i = 0; i < headerNames.length; i++) {
      if (!headerMatches[i].matches(requestHeaders.get(headerNames[i]))) {
        return false;
      }
    }
    Map<String, String> labels = request.sourceLabels();
    for (int i = 0; i < labelNames.length; i++) {
      if (!labelValues[i].equals(labels.get(labelNames[i]))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "RequestMatch[method="
        + method
        + ", path="
        + path
        + ", headers="
        + headers
        + ", sourceLabels="
        + sourceLabels
        + "]";
  }
}
