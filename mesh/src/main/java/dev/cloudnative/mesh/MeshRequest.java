package dev.cloudnative.mesh;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The attributes of a request that routing rules match on and consistent hashing keys on. Header
 * names are stored in lower case so that rule evaluation does a plain map lookup. Immutable value;
 * thread-safe.
 *
 * @param method HTTP method (upper case) or the transport's equivalent verb
 * @param path request path, starting with {@code /}
 * @param headers request headers, names in lower case, first value only
 * @param sourceLabels labels of the calling workload (Istio's {@code sourceLabels})
 * @param hashKey key for consistent-hash load balancing (for example a user or session id); empty
 *     when none
 */
public record MeshRequest(
    String method,
    String path,
    Map<String, String> headers,
    Map<String, String> sourceLabels,
    String hashKey) {

  private static final MeshRequest EMPTY = new MeshRequest("GET", "/", Map.of(), Map.of(), "");

  public MeshRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(sourceLabels, "sourceLabels");
    Objects.requireNonNull(hashKey, "hashKey");
    headers = Map.copyOf(headers);
    sourceLabels = Map.copyOf(sourceLabels);
    for (String name : headers.keySet()) {
      if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "Header name '"
                + name
                + "' must be lower case in a MeshRequest; use "
                + "MeshRequest.builder().header(...), which lower-cases names");
      }
    }
  }

  /**
   * @return a {@code GET /} request without headers, used when a call has no request attributes
   */
  public static MeshRequest empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the first value of header {@code name} (any case), if present
   */
  public Optional<String> header(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Builds a {@link MeshRequest}. Not thread-safe. */
  public static final class Builder {
    private String method = "GET";
    private String path = "/";
    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, String> sourceLabels = new HashMap<>();
    private String hashKey = "";

    private Builder() {}

    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      return this;
    }

    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Adds a header; the name is lower-cased, a repeated name keeps its first value. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      return this;
    }

    public Builder sourceLabel(String name, String value) {
      sourceLabels.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder hashKey(String hashKey) {
      this.hashKey = Objects.requireNonNull(hashKey, "hashKey");
      return this;
    }

    public MeshRequest build() {
      return new MeshRequest(method, path, headers, sourceLabels, hashKey);
    }
  }
}
