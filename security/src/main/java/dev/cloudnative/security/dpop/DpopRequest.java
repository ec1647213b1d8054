package dev.cloudnative.security.dpop;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a server saw of one HTTP request: its method, its URI as the client addressed it (the
 * server's external URL, not a path behind a proxy), every {@code DPoP} header value (RFC 9449
 * allows exactly one), and the access token of {@code Authorization: DPoP <token>} if any.
 *
 * <pre>{@code
 * DpopRequest.of("GET", URI.create("https://api.example.com/orders"), dpopHeaders)
 *     .withAccessToken(token);
 * }</pre>
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param uri the absolute request URI; its query and fragment are ignored
 * @param proofs the values of the {@code DPoP} header, in order
 * @param accessToken the access token, absent at a token endpoint
 *     <p>Thread-safety: immutable.
 */
public record DpopRequest(
    String method, URI uri, List<String> proofs, Optional<String> accessToken) {

  public DpopRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(proofs, "proofs");
    Objects.requireNonNull(accessToken, "accessToken");
    if (method.isEmpty() || !method.chars().allMatch(DpopRequest::isTokenChar)) {
      throw new IllegalArgumentException(
          "method '" + method + "' is not an HTTP method; allowed: a non-empty RFC 9110 token");
    }
    if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException(
          "uri '" + uri + "' is not absolute; the request URI with scheme and host is required");
    }
    proofs = List.copyOf(proofs);
  }

  /** A request with the values of its {@code DPoP} headers, without an access token. */
  public static DpopRequest of(String method, URI uri, List<String> proofs) {
    return new DpopRequest(method, uri, proofs, Optional.empty());
  }

  /** A request with its single {@code DPoP} header value, without an access token. */
  public static DpopRequest of(String method, URI uri, String proof) {
    Objects.requireNonNull(proof, "proof");
    return of(method, uri, List.of(proof));
  }

  /** This request with the access token from {@code Authorization: DPoP <token>}. */
  public DpopRequest withAccessToken(String token) {
    Objects.requireNonNull(token, "token");
    return new DpopRequest(method, uri, proofs, Optional.of(token));
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
