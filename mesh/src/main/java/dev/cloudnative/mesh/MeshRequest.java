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
 * @param idempotent whether the request may be sent more than once with the effect of once, so that
 *     the mesh may hedge it ({@link HedgePolicy}); the builder derives it from the method (RFC
 *     9110's idempotent methods GET, HEAD, OPTIONS, TRACE, PUT, DELETE) or an {@code
 *     Idempotency-Key} header, unless {@link Builder#idempotent(boolean)} says otherwise
 */
public record MeshRequest(
    String method,
    String path,
    Map<String, String> headers,
    Map<String, String> sourceLabels,
    String hashKey,
    boolean idempotent) {

  private static final MeshRequest EMPTY =
      new MeshRequest("GET", "/", Map.of(), Map.of(), "", true);

  /** The header of the IETF draft that makes a non-idempotent method's request idempotent. */
  public static final String IDEMPOTENCY_KEY = "idempotency-key";

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
   * @return whether {@code method} is idempotent by RFC 9110 (section 9.2.2): GET, HEAD, OPTIONS,
   *     TRACE, PUT or DELETE, in any case
   */
  public static boolean idempotentMethod(String method) {
    switch (Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT)) {
      case "GET":
      case "HEAD":
      case "OPTIONS":
      case "TRACE":
      case "PUT":
      case "DELETE":
        return true;
      default:
        return false;
    }
  }

  /**
   * @return a {@code GET /} request without headers (idempotent), used when a call has no request
   *     attributes
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
    private Boolean idempotent;

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

    /**
     * @param value whether the request is idempotent, overriding what the method and headers say
     *     (for example {@code true} for a POST of a read-only RPC, {@code false} for a GET with an
     *     effect)
     */
    public Builder idempotent(boolean value) {
      this.idempotent = value;
      return this;
    }

    public MeshRequest build() {
      boolean isIdempotent =
          idempotent != null
              ? idempotent
              : idempotentMethod(method) || headers.containsKey(IDEMPOTENCY_KEY);
      return new MeshRequest(method, path, headers, sourceLabels, hashKey, isIdempotent);
    }
  }
}
