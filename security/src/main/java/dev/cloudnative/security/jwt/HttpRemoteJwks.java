package dev.cloudnative.security.jwt;

import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.RemoteJwks;
import dev.cloudnative.security.RemoteJwksConfig;
import dev.cloudnative.security.RemoteJwksStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteJwks} over {@link HttpClient}. The key set lives in one immutable snapshot behind a
 * volatile field: lookups read it without locks and allocate at most the {@code Optional}. A lock
 * is taken only to decide whether a fetch may start (rate limit, one in flight), which happens when
 * the set is stale or a {@code kid} is unknown; the fetch itself runs on the client's executor and
 * publishes a new snapshot when it is done. Redirects are not followed, so an {@code https} URL
 * cannot be bounced to {@code http}.
 *
 * <p>Thread-safety: safe for concurrent use (volatile snapshot, lock-guarded fetch start).
 */
public final class HttpRemoteJwks implements RemoteJwks {

  private static final Logger LOG = LoggerFactory.getLogger(HttpRemoteJwks.class);

  /** A fetched set; the times are epoch millis of the configured clock. */
  private record Snapshot(KeyRing keys, long freshUntil, long usableUntil) {}

  /** Before the first success: nothing usable, a fetch due at once. */
  private static final Snapshot NONE = new Snapshot(null, Long.MIN_VALUE, Long.MIN_VALUE);

  private final RemoteJwksConfig config;
  private final URI uri;
  private final Clock clock;
  private final long rateLimitMillis;
  private final HttpClient client;
  private final HttpRequest request;
  private final Object lock = new Object();
  private final AtomicLong fetches = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  private volatile Snapshot snapshot = NONE;
  private volatile CompletableFuture<Void> inFlight;
  private volatile long nextFetchAllowed = Long.MIN_VALUE;
  private volatile boolean closed;
  private volatile Instant lastSuccess;
  private volatile Instant lastFailure;
  private volatile String lastError;

  private HttpRemoteJwks(RemoteJwksConfig config) {
    this.config = config;
    this.uri = config.uri();
    this.clock = config.clock();
    this.rateLimitMillis = config.refreshRateLimit().toMillis();
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(config.timeout())
            .header("Accept", "application/jwk-set+json, application/json")
            .build();
  }

  /** Builds the source and starts its first fetch in the background. */
  public static HttpRemoteJwks connect(RemoteJwksConfig config) {
    Objects.requireNonNull(config, "config");
    HttpRemoteJwks jwks = new HttpRemoteJwks(config);
    jwks.startFetchIfAllowed();
    return jwks;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public Optional<KeyRing> currentKeys() {
    checkOpen();
    Snapshot s = snapshot;
    long now = clock.millis();
    if (now >= s.freshUntil && now >= nextFetchAllowed && inFlight == null) {
      startFetchIfAllowed();
    }
    return usable(s, now);
  }

  @Override
  public Optional<KeyRing> refreshForUnknownKey() {
    checkOpen();
    // A flood of unknown kids inside the rate limit is answered without taking the lock.
    if (inFlight == null && clock.millis() < nextFetchAllowed) {
      return usable(snapshot, clock.millis());
    }
    CompletableFuture<Void> fetch = startFetchIfAllowed();
    if (fetch != null) {
      try {
        // The exchange has its own timeout; this bound only guards against a stuck client.
        fetch.get(config.timeout().toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (TimeoutException | ExecutionException e) {
        // The fetch records its own failure; the caller gets whatever keys are current.
      }
    }
    return usable(snapshot, clock.millis());
  }

  @Override
  public RemoteJwksStatus status() {
    checkOpen();
    Snapshot s = snapshot;
    long now = clock.millis();
    boolean has = s.keys != null && now < s.usableUntil;
    return new RemoteJwksStatus(
        uri,
        fetches.get(),
        failures.get(),
        Optional.ofNullable(lastSuccess),
        Optional.ofNullable(lastFailure),
        Optional.ofNullable(lastError),
        s.keys == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(s.freshUntil)),
        s.keys == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(s.usableUntil)),
        has ? s.keys.keyIds() : List.of());
  }

  @Override
  public void close() {
    // HttpClient has no close() before Java 21: dropping it lets its threads end with it.
    closed = true;
  }

  @Override
  public String toString() {
    return "HttpRemoteJwks[" + uri + "]";
  }

  private static Optional<KeyRing> usable(Snapshot s, long now) {
    return s.keys != null && now < s.usableUntil ? Optional.of(s.keys) : Optional.empty();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("remote JWKS " + uri + " is closed");
    }
  }

  /**
   * The fetch in flight, or a new one if the rate limit allows, or null: no two fetches start
   * within the rate limit, whatever asks for them.
   */
  private CompletableFuture<Void> startFetchIfAllowed() {
    synchronized (lock) {
      CompletableFuture<Void> current = inFlight;
      if (current != null || closed) {
        return current;
      }
      long now = clock.millis();
      if (now < nextFetchAllowed) {
        return null;
      }
      nextFetchAllowed = now + rateLimitMillis;
      CompletableFuture<Void> fetch = new CompletableFuture<>();
      inFlight = fetch;
      fetches.incrementAndGet();
      try {
        client
            .sendAsync(
                request,
                info ->
                    new BoundedBodySubscriber(
                        config.maxResponseBytes(),
                        info.headers().firstValueAsLong("content-length")))
            .orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((response, error) -> finish(fetch, response, error));
      } catch (RuntimeException e) {
        finish(fetch, null, e);
      }
      return fetch;
    }
  }

  private void finish(
      CompletableFuture<Void> fetch, HttpResponse<byte[]> response, Throwable error) {
    try {
      if (error != null) {
        failed(describe(error));
      } else if (response.statusCode() != 200) {
        failed("HTTP " + response.statusCode());
      } else {
        JwksDocument.Parsed parsed = JwksDocument.parse(response.body(), config.maxKeys());
        Instant now = clock.instant();
        Duration fresh = CacheLifetime.of(response.headers(), now, config);
        long freshUntil = saturatedAdd(now.toEpochMilli(), fresh.toMillis());
        snapshot =
            new Snapshot(
                parsed.keys(),
                freshUntil,
                saturatedAdd(freshUntil, config.staleIfError().toMillis()));
        lastSuccess = now;
        if (!parsed.skipped().isEmpty()) {
          LOG.debug("JWKS from {}: skipped keys {}", uri, parsed.skipped());
        }
        LOG.debug("JWKS from {}: keys {}, fresh for {}", uri, parsed.keys().keyIds(), fresh);
      }
    } catch (IOException | RuntimeException e) {
      failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } finally {
      synchronized (lock) {
        inFlight = null;
      }
      fetch.complete(null);
    }
  }

  private void failed(String why) {
    failures.incrementAndGet();
    lastFailure = clock.instant();
    lastError = why;
    Snapshot s = snapshot;
    long now = clock.millis();
    if (usable(s, now).isPresent()) {
      LOG.warn(
          "JWKS refresh from {} failed: {}; serving cached keys {} until {}",
          uri,
          why,
          s.keys.keyIds(),
          Instant.ofEpochMilli(s.usableUntil));
    } else {
      LOG.warn("JWKS fetch from {} failed: {}; no keys to verify with", uri, why);
    }
  }

  private String describe(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
      return "timed out after " + config.timeout().toMillis() + " ms";
    }
    if (e instanceof ConnectException) {
      return "cannot connect: " + (e.getMessage() == null ? "connection refused" : e.getMessage());
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
