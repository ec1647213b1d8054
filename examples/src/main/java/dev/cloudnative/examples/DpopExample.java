package dev.cloudnative.examples;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.security.AccessToken;
import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.RefreshTokenStore;
import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.security.SigningAlgorithm;
import dev.cloudnative.security.SigningKey;
import dev.cloudnative.security.TokenClaims;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenService;
import dev.cloudnative.security.TokenVerifier;
import dev.cloudnative.security.VerificationResult;
import dev.cloudnative.security.dpop.DpopConfig;
import dev.cloudnative.security.dpop.DpopProofs;
import dev.cloudnative.security.dpop.DpopRequest;
import dev.cloudnative.security.dpop.DpopResult;
import dev.cloudnative.security.dpop.DpopVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DPoP (RFC 9449) over real HTTP on loopback: an authorization server that binds access tokens to
 * the client's key (asking for a server nonce first), a resource server that accepts them only as
 * {@code Authorization: DPoP <token>} with a fresh proof, and a client that calls it twice; a
 * replayed proof, a stolen token used with the thief's key and the same token sent as a bearer
 * token are refused.
 */
public final class DpopExample {

  private DpopExample() {}

  public static void main(String[] args) throws Exception {
    TokenConfig config =
        TokenConfig.custom().issuer("https://auth.example.com").audience("orders-api").build();
    TokenService issuer =
        TokenService.create(
            config,
            KeyRing.generate(),
            RevocationStore.inMemory(Clock.systemUTC()),
            RefreshTokenStore.inMemory(Clock.systemUTC()));
    // The resource server knows the issuer only by its public keys.
    TokenVerifier resourceTokens =
        TokenVerifier.create(
            config,
            KeyRing.fromJwks(issuer.publicJwks()),
            RevocationStore.inMemory(Clock.systemUTC()));
    DpopVerifier tokenEndpoint =
        DpopVerifier.create(DpopConfig.custom().requireNonce(true).build(), issuer);
    DpopVerifier resource = DpopVerifier.create(DpopConfig.ofDefaults(), resourceTokens);

    HttpServer auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    URI tokenUri = URI.create("http://127.0.0.1:" + auth.getAddress().getPort() + "/token");
    URI ordersUri = URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/orders");
    auth.createContext("/token", exchange -> token(exchange, tokenUri, tokenEndpoint, issuer));
    api.createContext("/orders", exchange -> orders(exchange, ordersUri, resource, resourceTokens));
    auth.start();
    api.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      DpopProofs client = DpopProofs.forKey(SigningKey.generate(SigningAlgorithm.ES256));

      HttpResponse<String> first =
          send(http, tokenRequest(tokenUri, client.proof("POST", tokenUri)));
      String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
      Example.say("token request without nonce: " + first.statusCode() + " " + first.body());
      String proof = client.proof("POST", tokenUri, Optional.empty(), Optional.of(nonce));
      Map<String, Object> tokenJson = json(send(http, tokenRequest(tokenUri, proof)).body());
      String accessToken = (String) tokenJson.get("access_token");
      Example.say(
          "token request with nonce: token_type "
              + tokenJson.get("token_type")
              + ", bound to key "
              + client.thumbprint());

      HttpResponse<String> call1 = get(http, ordersUri, "DPoP " + accessToken, client, accessToken);
      Example.say("first call: " + call1.statusCode() + " " + call1.body());
      String proof2 = client.proof("GET", ordersUri, accessToken);
      HttpResponse<String> call2 = get(http, ordersUri, "DPoP " + accessToken, proof2);
      Example.say("second call with a new proof: " + call2.statusCode() + " " + call2.body());
      HttpResponse<String> replay = get(http, ordersUri, "DPoP " + accessToken, proof2);
      Example.say("replayed proof: " + replay.statusCode() + " " + replay.body());

      DpopProofs thief = DpopProofs.forKey(SigningKey.generate(SigningAlgorithm.ES256));
      HttpResponse<String> stolen = get(http, ordersUri, "DPoP " + accessToken, thief, accessToken);
      Example.say(
          "stolen token with the thief's key: " + stolen.statusCode() + " " + stolen.body());
      HttpResponse<String> bearer =
          send(
              http,
              HttpRequest.newBuilder(ordersUri)
                  .header("Authorization", "Bearer " + accessToken)
                  .build());
      Example.say("stolen token as a bearer token: " + bearer.statusCode() + " " + bearer.body());
    } finally {
      api.stop(0);
      auth.stop(0);
    }
  }

  /** The authorization server's token endpoint (client authentication left out of the demo). */
  private static void token(HttpExchange exchange, URI self, DpopVerifier dpop, TokenService issuer)
      throws IOException {
    List<String> proofs = exchange.getRequestHeaders().getOrDefault("DPoP", List.of());
    DpopResult result = dpop.verify(DpopRequest.of(exchange.getRequestMethod(), self, proofs));
    if (result instanceof DpopResult.Rejected r) {
      r.nonce().ifPresent(n -> exchange.getResponseHeaders().add("DPoP-Nonce", n));
      // At a token endpoint the DPoP errors are OAuth errors in a 400 body (RFC 9449 §5, §8).
      respond(exchange, 400, "{\"error\":\"" + r.reason().errorCode() + "\"}");
      return;
    }
    String jkt = ((DpopResult.Valid) result).proof().jwkThumbprint();
    AccessToken token = issuer.issue("alice", Set.of("viewer"), Set.of(), jkt);
    respond(
        exchange,
        200,
        "{\"access_token\":\""
            + token.value()
            + "\",\"token_type\":\""
            + token.tokenType()
            + "\",\"expires_in\":"
            + (token.expiresAt().getEpochSecond() - token.issuedAt().getEpochSecond())
            + "}");
  }

  /** The resource server: DPoP-bound tokens with a proof only. */
  private static void orders(
      HttpExchange exchange, URI self, DpopVerifier dpop, TokenVerifier tokens) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      VerificationResult r = tokens.verify(authorization.substring(7));
      String reason =
          r instanceof VerificationResult.Rejected rejected ? rejected.reason().name() : "valid";
      exchange.getResponseHeaders().add("WWW-Authenticate", "DPoP algs=\"ES256 PS256 RS256\"");
      respond(exchange, 401, "refused (" + reason + ")");
      return;
    }
    if (authorization == null || !authorization.startsWith("DPoP ")) {
      respond(exchange, 401, "refused (no DPoP authorization)");
      return;
    }
    List<String> proofs = exchange.getRequestHeaders().getOrDefault("DPoP", List.of());
    DpopResult result =
        dpop.verify(
            DpopRequest.of(exchange.getRequestMethod(), self, proofs)
                .withAccessToken(authorization.substring(5)));
    if (result instanceof DpopResult.Rejected r) {
      exchange.getResponseHeaders().add("WWW-Authenticate", r.wwwAuthenticate());
      respond(exchange, 401, "refused (" + r.reason() + ")");
      return;
    }
    TokenClaims claims = ((DpopResult.Valid) result).claims().orElseThrow();
    respond(exchange, 200, "orders of " + claims.subjectOrNone());
  }

  private static HttpRequest tokenRequest(URI tokenUri, String proof) {
    return HttpRequest.newBuilder(tokenUri)
        .header("DPoP", proof)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
        .build();
  }

  private static HttpResponse<String> get(
      HttpClient http, URI uri, String authorization, DpopProofs proofs, String accessToken)
      throws IOException, InterruptedException {
    return get(http, uri, authorization, proofs.proof("GET", uri, accessToken));
  }

  private static HttpResponse<String> get(
      HttpClient http, URI uri, String authorization, String proof)
      throws IOException, InterruptedException {
    return send(
        http,
        HttpRequest.newBuilder(uri)
            .header("Authorization", authorization)
            .header("DPoP", proof)
            .build());
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request)
      throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, Object> json(String body) {
    try {
      return JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      throw new UncheckedIOException(new IOException("not JSON: " + body, e));
    }
  }
}
