package dev.cloudnative.docker.wait;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.InvalidSpecException;
import dev.cloudnative.docker.WaitStrategy;
import dev.cloudnative.docker.internal.Validate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Ready when an HTTP GET of {@code path} on the published port returns an accepted status and body.
 *
 * <p>Immutable and thread-safe (if the predicates are).
 */
public final class HttpWaitStrategy implements WaitStrategy {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final int containerPort;
  private final String path;
  private final IntPredicate status;
  private final String statusText;
  private final Predicate<String> body;
  private final Duration timeout;

  private HttpWaitStrategy(
      int containerPort,
      String path,
      IntPredicate status,
      String statusText,
      Predicate<String> body,
      Duration timeout) {
    this.containerPort = containerPort;
    this.path = path;
    this.status = status;
    this.statusText = statusText;
    this.body = body;
    this.timeout = Polling.requirePositive(timeout);
  }

  public static HttpWaitStrategy of(int containerPort, String path, Duration timeout) {
    Validate.port("container port", containerPort, false);
    Validate.requireText("http path", path);
    if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ')) {
      throw new InvalidSpecException(
          "http path", path, "must start with '/' and contain no spaces or controls");
    }
    return new HttpWaitStrategy(containerPort, path, s -> s == 200, "200", b -> true, timeout);
  }

  public HttpWaitStrategy forStatus(int expected) {
    return new HttpWaitStrategy(
        containerPort, path, s -> s == expected, Integer.toString(expected), body, timeout);
  }

  public HttpWaitStrategy forStatus(IntPredicate accepted) {
    return new HttpWaitStrategy(containerPort, path, accepted, "matching predicate", body, timeout);
  }

  public HttpWaitStrategy forBody(Predicate<String> accepted) {
    return new HttpWaitStrategy(containerPort, path, status, statusText, accepted, timeout);
  }

  @Override
  public void waitUntilReady(ContainerEngine engine, String container, Instant deadline) {
    String host = engine.publishedPortHost();
    Polling.until(
        engine,
        container,
        deadline,
        "http " + path + " on port " + containerPort,
        () -> {
          URI uri =
              URI.create(
                  "http://"
                      + (host.contains(":") ? "[" + host + "]" : host)
                      + ":"
                      + engine.inspect(container).mappedPort(containerPort)
                      + path);
          try {
            HttpResponse<String> r =
                HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (!status.test(r.statusCode())) {
              return Optional.of(uri + " answered " + r.statusCode() + ", expected " + statusText);
            }
            return body.test(r.body())
                ? Optional.empty()
                : Optional.of(uri + " body did not match");
          } catch (IOException e) {
            return Optional.of(uri + " " + e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
          }
        });
  }

  @Override
  public Duration startupTimeout() {
    return timeout;
  }

  @Override
  public HttpWaitStrategy withStartupTimeout(Duration timeout) {
    return new HttpWaitStrategy(containerPort, path, status, statusText, body, timeout);
  }

  @Override
  public String toString() {
    return "http GET " + path + " on port " + containerPort;
  }
}
