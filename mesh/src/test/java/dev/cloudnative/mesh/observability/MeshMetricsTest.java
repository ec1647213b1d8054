package dev.cloudnative.mesh.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.mesh.CallNotPermittedException;
import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.ConcurrencyLimitExceededException;
import dev.cloudnative.mesh.ConcurrencyLimits;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.ManualClock;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.OutlierDetectionConfig;
import dev.cloudnative.mesh.RetryBudget;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.SlidingWindowType;
import dev.cloudnative.mesh.StopReason;
import dev.cloudnative.mesh.UpstreamCallException;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every mesh meter read back from a {@link SimpleMeterRegistry}: names, tags, counts and values,
 * their removal with the endpoints and services they measure, and the no-op default.
 */
class MeshMetricsTest {

  private static final Duration STEP = Duration.ofMillis(5);
  private static final RetryPolicy RETRY_ONCE =
      RetryPolicy.custom()
          .maxAttempts(2)
          .retryOnException(e -> true)
          .backoff(Duration.ZERO, Duration.ZERO)
          .build();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ManualClock clock = new ManualClock();
  private final ServiceMesh mesh =
      ServiceMesh.builder().clock(clock).seed(1).meterRegistry(registry).build();

  @AfterEach
  void close() {
    mesh.close();
  }

  /** An attempt that takes {@link #STEP} of mesh time and fails on hosts ending in ".1". */
  private Function<Endpoint, String> failOnFirstHost() {
    return e -> {
      clock.advance(STEP);
      if (e.host().endsWith(".1")) {
        throw new IllegalStateException("boom");
      }
      return e.id();
    };
  }

  private Timer requestTimer(String endpoint, String outcome) {
    return registry
        .get("mesh.request.duration")
        .tags("service", "svc", "subset", "*", "endpoint", endpoint, "outcome", outcome)
        .timer();
  }

  private double counter(String name, String... tags) {
    // A counter or a function counter: its one measurement is the count.
    return registry.get(name).tags(tags).meter().measure().iterator().next().getValue();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void requestsCallsAndRetriesAreTimedAndCountedByOutcome() {
    mesh.policy("svc", DestinationPolicy.custom().retry(RETRY_ONCE).build());
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.2", 80));
    for (int i = 0; i < 10; i++) {
      assertThat(mesh.call("svc", MeshRequest.empty(), failOnFirstHost())).isEqualTo("10.0.0.2:80");
    }

    Timer ok = requestTimer("10.0.0.2:80", "success");
    Timer failed = requestTimer("10.0.0.1:80", "failure");
    assertThat(ok.count()).isEqualTo(10);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10 * STEP.toMillis());
    assertThat(failed.count()).isBetween(1L, 10L);
    assertThat(requestTimer("10.0.0.1:80", "success").count()).isZero();
    assertThat(counter("mesh.retries", "service", "svc", "reason", "failure"))
        .isEqualTo(failed.count());
    assertThat(counter("mesh.retries", "service", "svc", "reason", "timeout")).isZero();

    FunctionTimer calls =
        registry
            .get("mesh.call.duration")
            .tags("service", "svc", "outcome", "success")
            .functionTimer();
    assertThat(calls.count()).isEqualTo(10);
    // A call that retried spent two steps.
    assertThat(calls.totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo((10 + failed.count()) * STEP.toMillis());
    // Every outcome of a call has its timer from the start, so every series exists at zero.
    assertThat(registry.get("mesh.call.duration").tag("service", "svc").functionTimers())
        .hasSize(StopReason.values().length);
    assertThat(
            registry
                .get("mesh.call.duration")
                .tags("service", "svc", "outcome", "attempts_exhausted")
                .functionTimer()
                .count())
        .isZero();
  }

  @Test
  void prometheusGetsAHistogramOfBoundedBuckets() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ServiceMesh scraped = ServiceMesh.builder().meterRegistry(prometheus).build()) {
      scraped.registry().register("svc", "v1", Endpoint.of("10.0.0.2", 80));
      scraped.call("svc", MeshRequest.empty(), e -> "ok");
      String[] lines = prometheus.scrape().split("\n");
      String series = "service=\"svc\",subset=\"*\"";
      List<String> success =
          Arrays.stream(lines)
              .filter(l -> l.startsWith("mesh_request_duration_seconds"))
              .filter(l -> l.contains("outcome=\"success\"") && l.contains(series))
              .toList();
      assertThat(success)
          .anySatisfy(l -> assertThat(l).startsWith("mesh_request_duration_seconds_count{"));
      assertThat(success)
          .filteredOn(l -> l.startsWith("mesh_request_duration_seconds_bucket"))
          .hasSizeBetween(10, 80);
      assertThat(lines)
          .anySatisfy(l -> assertThat(l).startsWith("mesh_call_duration_seconds_count"));
    }
  }

  @Test
  void aFailedCallIsTimedUnderItsStopReasonAndA5xxAsServerError() {
    mesh.policy("svc", DestinationPolicy.custom().retry(RetryPolicy.none()).build());
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.2", 80));
    int status = mesh.call("svc", MeshRequest.empty(), e -> 503, s -> s);
    assertThat(status).isEqualTo(503);

    assertThat(requestTimer("10.0.0.2:80", "server_error").count()).isEqualTo(1);
    Map<StopReason, Long> stops = mesh.stats("svc").orElseThrow().stopReasons();
    StopReason reason =
        stops.entrySet().stream()
            .filter(e -> e.getValue() == 1)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertThat(reason).isNotEqualTo(StopReason.SUCCEEDED);
    assertThat(
            registry
                .get("mesh.call.duration")
                .tags("service", "svc", "outcome", reason.name().toLowerCase(Locale.ROOT))
                .functionTimer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void endpointBreakerStateCallsAndTransitions() {
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .retry(RetryPolicy.none())
            .circuitBreaker(
                CircuitBreakerConfig.custom()
                    .slidingWindow(4, 4, SlidingWindowType.COUNT_BASED)
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofMinutes(1))
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .build())
            .panicThresholdPercent(0)
            .build());
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
    String[] ep = {"service", "svc", "endpoint", "10.0.0.1:80"};
    assertThat(gauge("mesh.circuitbreaker.state", with(ep, "state", "closed"))).isEqualTo(1);
    assertThat(gauge("mesh.circuitbreaker.state", with(ep, "state", "open"))).isZero();

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> mesh.call("svc", MeshRequest.empty(), failOnFirstHost()))
          .isInstanceOf(UpstreamCallException.class);
    }
    assertThat(gauge("mesh.circuitbreaker.state", with(ep, "state", "open"))).isEqualTo(1);
    assertThat(gauge("mesh.circuitbreaker.state", with(ep, "state", "closed"))).isZero();
    assertThat(gauge("mesh.circuitbreaker.state", with(ep, "state", "half_open"))).isZero();
    assertThat(counter("mesh.circuitbreaker.calls", with(ep, "kind", "failed"))).isEqualTo(4);
    assertThat(counter("mesh.circuitbreaker.calls", with(ep, "kind", "successful"))).isZero();
    assertThat(transitions(ep, "closed", "open")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    String answer = mesh.call("svc", MeshRequest.empty(), e -> "ok");
    assertThat(answer).isEqualTo("ok");
    assertThat(transitions(ep, "open", "half_open")).isEqualTo(1);
    assertThat(transitions(ep, "half_open", "closed")).isEqualTo(1);
    assertThat(transitions(ep, "half_open", "open")).isZero();
    assertThat(gauge("mesh.circuitbreaker.state", with(ep, "state", "closed"))).isEqualTo(1);
    assertThat(counter("mesh.circuitbreaker.calls", with(ep, "kind", "successful"))).isEqualTo(1);
  }

  private double transitions(String[] ep, String from, String to) {
    return counter(
        "mesh.circuitbreaker.transitions", with(with(ep, "from_state", from), "to_state", to));
  }

  private static String[] with(String[] tags, String key, String value) {
    String[] all = java.util.Arrays.copyOf(tags, tags.length + 2);
    all[tags.length] = key;
    all[tags.length + 1] = value;
    return all;
  }

  @Test
  void serviceBreakerCountsRefusedCallsUnderTheStarEndpoint() {
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .retry(RetryPolicy.none())
            .serviceCircuitBreaker(
                CircuitBreakerConfig.custom()
                    .slidingWindow(2, 2, SlidingWindowType.COUNT_BASED)
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofMinutes(1))
                    .build())
            .build());
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> mesh.call("svc", MeshRequest.empty(), failOnFirstHost()))
          .isInstanceOf(UpstreamCallException.class);
    }
    assertThatThrownBy(() -> mesh.call("svc", MeshRequest.empty(), failOnFirstHost()))
        .isInstanceOf(CallNotPermittedException.class);
    String[] svc = {"service", "svc", "endpoint", "*"};
    assertThat(counter("mesh.circuitbreaker.calls", with(svc, "kind", "failed"))).isEqualTo(2);
    assertThat(counter("mesh.circuitbreaker.calls", with(svc, "kind", "not_permitted")))
        .isEqualTo(1);
    assertThat(gauge("mesh.circuitbreaker.state", with(svc, "state", "open"))).isEqualTo(1);
    assertThat(transitions(svc, "closed", "open")).isEqualTo(1);
    assertThat(
            registry
                .get("mesh.call.duration")
                .tags("service", "svc", "outcome", "circuit_open")
                .functionTimer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void outlierEjectionsAreCountedAndTheEjectedGaugeFollowsThem() {
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .retry(RetryPolicy.none())
            .outlierDetection(
                OutlierDetectionConfig.custom()
                    .consecutiveFailures(3)
                    .baseEjectionTime(Duration.ofSeconds(30))
                    .maxEjectionPercent(50)
                    .interval(Duration.ofHours(1))
                    .build())
            .panicThresholdPercent(0)
            .build());
    for (int i = 1; i <= 3; i++) {
      mesh.registry().register("svc", "v1", Endpoint.of("10.0.0." + i, 80));
    }
    assertThat(gauge("mesh.outlier.ejected", "service", "svc")).isZero();
    for (int i = 0; i < 30; i++) {
      try {
        mesh.call("svc", MeshRequest.empty(), failOnFirstHost());
      } catch (UpstreamCallException expected) {
        // the ejected endpoint's three failures
      }
    }
    assertThat(counter("mesh.outlier.ejections", "service", "svc", "endpoint", "10.0.0.1:80"))
        .isEqualTo(1);
    assertThat(counter("mesh.outlier.ejections", "service", "svc", "endpoint", "10.0.0.2:80"))
        .isZero();
    assertThat(gauge("mesh.outlier.ejected", "service", "svc")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30));
    mesh.call("svc", MeshRequest.empty(), e -> "ok");
    assertThat(gauge("mesh.outlier.ejected", "service", "svc")).isZero();
  }

  @Test
  void budgetRefusalsAreCountedAndNoRetryIsStarted() {
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .retry(
                RetryPolicy.custom()
                    .maxAttempts(3)
                    .retryOnException(e -> true)
                    .backoff(Duration.ZERO, Duration.ZERO)
                    .budget(new RetryBudget(0, 0))
                    .build())
            .build());
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
    assertThatThrownBy(() -> mesh.call("svc", MeshRequest.empty(), failOnFirstHost()))
        .isInstanceOf(UpstreamCallException.class);
    assertThat(counter("mesh.retry.budget.refusals", "service", "svc")).isEqualTo(1);
    assertThat(counter("mesh.retries", "service", "svc", "reason", "failure")).isZero();
    assertThat(
            registry
                .get("mesh.call.duration")
                .tags("service", "svc", "outcome", "retry_budget_exhausted")
                .functionTimer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void concurrencyRejectionsAreCountedPerSubset() throws Exception {
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .retry(RetryPolicy.none())
            .limits(ConcurrencyLimits.of(1))
            .build());
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.2", 80));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> holder =
        CompletableFuture.supplyAsync(
            () ->
                mesh.call(
                    "svc",
                    MeshRequest.empty(),
                    e -> {
                      inside.countDown();
                      try {
                        release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                      }
                      return "held";
                    }));
    try {
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> mesh.call("svc", MeshRequest.empty(), e -> "second"))
          .isInstanceOf(ConcurrencyLimitExceededException.class);
    } finally {
      release.countDown();
    }
    assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("held");
    assertThat(counter("mesh.concurrency.rejections", "service", "svc", "subset", "*"))
        .isEqualTo(1);
  }

  @Test
  void metersLeaveWithTheirEndpointsAndAllLeaveOnClose() {
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.2", 80));
    assertThat(metersOf("10.0.0.2:80")).isNotEmpty();
    assertThat(
            registry
                .find("mesh.request.duration")
                .tags("subset", "v1", "endpoint", "10.0.0.2:80")
                .timers())
        .hasSize(4);

    mesh.registry().deregister("svc", "v1", "10.0.0.2:80");
    assertThat(metersOf("10.0.0.2:80")).isEmpty();
    assertThat(metersOf("10.0.0.1:80")).isNotEmpty();

    // A new policy starts the service afresh: its meters are there again, at zero.
    mesh.call("svc", MeshRequest.empty(), e -> "ok");
    mesh.policy("svc", DestinationPolicy.ofDefaults());
    assertThat(requestTimer("10.0.0.1:80", "success").count()).isZero();
    mesh.call("svc", MeshRequest.empty(), e -> "ok");
    assertThat(requestTimer("10.0.0.1:80", "success").count()).isEqualTo(1);

    mesh.close();
    assertThat(registry.getMeters())
        .filteredOn(m -> m.getId().getName().startsWith("mesh."))
        .isEmpty();
  }

  private java.util.List<Meter> metersOf(String endpoint) {
    return registry.getMeters().stream()
        .filter(m -> endpoint.equals(m.getId().getTag("endpoint")))
        .toList();
  }

  @Test
  void withoutARegistryTheMeshHoldsNoMeters() {
    int before = Metrics.globalRegistry.getMeters().size();
    try (ServiceMesh plain = ServiceMesh.builder().clock(clock).build()) {
      plain.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
      plain.call("svc", MeshRequest.empty(), e -> "ok");
      assertThat(plain.meterRegistry()).isEmpty();
      assertThat(plain.observationRegistry()).isSameAs(ObservationRegistry.NOOP);
    }
    assertThat(Metrics.globalRegistry.getMeters()).hasSize(before);
    assertThat(Metrics.globalRegistry.find("mesh.request.duration").meters()).isEmpty();
  }
}
