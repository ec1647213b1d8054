package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cloudnative.mesh.event.CircuitStateTransitionEvent;
import dev.cloudnative.mesh.event.EndpointEjectedEvent;
import dev.cloudnative.mesh.event.EndpointReturnedEvent;
import dev.cloudnative.mesh.event.MeshEvent;
import dev.cloudnative.mesh.event.MeshEventListener;
import java.net.ConnectException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract of every {@link ServiceMesh}, driven by a manual clock wherever time matters. */
public abstract class ServiceMeshContractTest {

  protected final ManualClock clock = new ManualClock();
  protected final List<MeshEvent> events = new CopyOnWriteArrayList<>();
  private ServiceMesh mesh;

  /**
   * @return a new mesh on {@code clock} that reports to {@code listener}
   */
  protected abstract ServiceMesh create(MeshClock clock, MeshEventListener listener);

  private ServiceMesh mesh() {
    if (mesh == null) {
      mesh = create(clock, events::add);
    }
    return mesh;
  }

  @AfterEach
  void closeMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private static final Function<Endpoint, String> ID = Endpoint::id;

  private static Endpoint ep(int n) {
    return Endpoint.of("10.0.0." + n, 8080);
  }

  private static CircuitBreakerConfig smallBreaker() {
    return CircuitBreakerConfig.custom()
        .slidingWindow(4, 4, SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(10))
        .permittedNumberOfCallsInHalfOpenState(2)
        .build();
  }

  private Map<String, Integer> tally(
      int calls, MeshRequest request, Function<Endpoint, String> call) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < calls; i++) {
      counts.merge(mesh().call("svc", request, call), 1, Integer::sum);
    }
    return counts;
  }

  // ---------------------------------------------------------------- no endpoint: typed reasons

  @Test
  void unknownServiceIsATypedFailure() {
    NoHealthyEndpointException e =
        catchThrowableOfType(
            NoHealthyEndpointException.class, () -> mesh().call("nope", MeshRequest.empty(), ID));
    assertThat(e.service()).isEqualTo("nope");
    assertThat(e.reason()).isEqualTo(NoHealthyEndpointException.Reason.UNKNOWN_SERVICE);
  }

  @Test
  void emptySubsetNamesServiceSubsetAndReason() {
    mesh().registry().replaceSubset("svc", "v1", List.of());
    mesh().routes(RouteTable.forService("svc").otherwise().routeTo("v1"));
    NoHealthyEndpointException e =
        catchThrowableOfType(
            NoHealthyEndpointException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
    assertThat(e.subset()).isEqualTo("v1");
    assertThat(e.reason()).isEqualTo(NoHealthyEndpointException.Reason.NONE_REGISTERED);
    assertThat(e)
        .hasMessageContaining("svc")
        .hasMessageContaining("v1")
        .hasMessageContaining("NONE_REGISTERED");
  }

  @Test
  void unknownSubsetOfARoute() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh().routes(RouteTable.forService("svc").otherwise().routeTo("v3"));
    assertThat(
            catchThrowableOfType(
                    NoHealthyEndpointException.class,
                    () -> mesh().call("svc", MeshRequest.empty(), ID))
                .reason())
        .isEqualTo(NoHealthyEndpointException.Reason.UNKNOWN_SUBSET);
  }

  @Test
  void allUnhealthyWithoutPanic() {
    mesh().policy("svc", DestinationPolicy.custom().panicThresholdPercent(0).build());
    mesh().registry().register("svc", "v1", ep(1).withHealthy(false));
    mesh().registry().register("svc", "v1", ep(2).withHealthy(false));
    NoHealthyEndpointException e =
        catchThrowableOfType(
            NoHealthyEndpointException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
    assertThat(e.reason()).isEqualTo(NoHealthyEndpointException.Reason.ALL_UNHEALTHY);
    assertThat(e.registered()).isEqualTo(2);
    assertThat(e.unhealthy()).isEqualTo(2);
  }

  @Test
  void panicModeBalancesOverAllEndpoints() {
    mesh().policy("svc", DestinationPolicy.custom().panicThresholdPercent(50).build());
    mesh().registry().register("svc", "v1", ep(1));
    for (int i = 2; i <= 4; i++) {
      mesh().registry().register("svc", "v1", ep(i).withHealthy(false));
    }
    assertThat(tally(400, MeshRequest.empty(), ID))
        .as("1 of 4 healthy is below 50%%: use all")
        .hasSize(4);
    mesh().registry().markHealthy("svc", "v1", ep(2).id(), true);
    assertThat(tally(400, MeshRequest.empty(), ID))
        .as("2 of 4 healthy: no panic")
        .containsOnlyKeys(ep(1).id(), ep(2).id());
  }

  // ---------------------------------------------------------------- routing

  @Test
  void canarySplitsEightyTwentyWithinOnePercentagePoint() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh().registry().register("svc", "v1", ep(2));
    mesh().registry().register("svc", "v2", ep(3));
    mesh()
        .routes(
            RouteTable.forService("svc")
                .otherwise()
                .split(Destination.of("v1", 80), Destination.of("v2", 20)));
    Map<String, Integer> counts = tally(100_000, MeshRequest.empty(), ID);
    double canary = counts.get(ep(3).id()) / 1_000.0;
    assertThat(canary).isBetween(19.0, 21.0);
  }

  @Test
  void headerPinnedTestersAlwaysReachTheCanary() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh().registry().register("svc", "v2", ep(2));
    mesh()
        .routes(
            RouteTable.forService("svc")
                .when(RequestMatch.headerExact("X-Tester", "true"))
                .routeTo("v2")
                .when(RequestMatch.pathPrefix("/admin").and(RequestMatch.method("POST")))
                .routeTo("v2")
                .otherwise()
                .routeTo("v1"));
    MeshRequest tester = MeshRequest.builder().header("x-tester", "true").build();
    assertThat(tally(100, tester, ID)).containsOnlyKeys(ep(2).id());
    assertThat(tally(100, MeshRequest.builder().path("/admin/x").method("POST").build(), ID))
        .containsOnlyKeys(ep(2).id());
    assertThat(tally(100, MeshRequest.builder().path("/admin/x").build(), ID))
        .containsOnlyKeys(ep(1).id());
  }

  @Test
  void sourceLabelsRoute() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh().registry().register("svc", "v2", ep(2));
    mesh()
        .routes(
            RouteTable.forService("svc")
                .when(RequestMatch.sourceLabel("app", "checkout"))
                .routeTo("v2")
                .otherwise()
                .routeTo("v1"));
    assertThat(mesh().call("svc", MeshRequest.builder().sourceLabel("app", "checkout").build(), ID))
        .isEqualTo(ep(2).id());
    assertThat(mesh().call("svc", MeshRequest.builder().sourceLabel("app", "cart").build(), ID))
        .isEqualTo(ep(1).id());
  }

  @Test
  void unmatchedRequestWithoutDefaultRoute() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh()
        .routes(
            RouteTable.forService("svc")
                .when(RequestMatch.headerExact("a", "b"))
                .routeTo("v1")
                .build());
    assertThatThrownBy(() -> mesh().call("svc", MeshRequest.empty(), ID))
        .isInstanceOf(NoRouteException.class)
        .hasMessageContaining("svc");
    mesh().removeRoutes("svc");
    assertThat(mesh().call("svc", MeshRequest.empty(), ID)).isEqualTo(ep(1).id());
  }

  @Test
  void faultInjectionAbortsWithoutTouchingEndpoints() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh()
        .routes(
            RouteTable.forService("svc")
                .otherwise()
                .fault(FaultInjection.abort(100, 503))
                .routeTo("v1"));
    FaultInjectedException e =
        catchThrowableOfType(
            FaultInjectedException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
    assertThat(e.status()).isEqualTo(503);
    assertThat(mesh().stats("svc").orElseThrow().subsets().get("v1").requests()).isZero();
  }

  @Test
  void faultInjectionAbortsTheConfiguredShare() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh()
        .routes(
            RouteTable.forService("svc")
                .otherwise()
                .fault(FaultInjection.abort(30, 500))
                .routeTo("v1"));
    int aborted = 0;
    for (int i = 0; i < 10_000; i++) {
      try {
        mesh().call("svc", MeshRequest.empty(), ID);
      } catch (FaultInjectedException e) {
        aborted++;
      }
    }
    assertThat(aborted / 100.0).isBetween(27.0, 33.0);
  }

  @Test
  void mirroringCopiesCallsToAnotherSubset() throws Exception {
    mesh().registry().register("svc", "v1", ep(1));
    mesh().registry().register("svc", "v2", ep(2));
    mesh().routes(RouteTable.forService("svc").otherwise().mirror("v2", 100).routeTo("v1"));
    CountDownLatch copies = new CountDownLatch(5);
    for (int i = 0; i < 5; i++) {
      String answered =
          mesh()
              .call(
                  "svc",
                  MeshRequest.empty(),
                  e -> {
                    if (e.id().equals(ep(2).id())) {
                      copies.countDown();
                    }
                    return e.id();
                  });
      assertThat(answered).as("the caller only sees the primary").isEqualTo(ep(1).id());
    }
    assertThat(copies.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(
            RouteTable.forService("svc")
                .otherwise()
                .mirror("v2", 5)
                .routeTo("v1")
                .defaultRoute()
                .orElseThrow()
                .mirror())
        .contains(Mirror.of("v2", 5));
  }

  // ---------------------------------------------------------------- balancing through the mesh

  @Test
  void weightsAndWeightChangesShapeTraffic() {
    mesh().registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80, 3));
    mesh().registry().register("svc", "v1", Endpoint.of("10.0.0.2", 80, 1));
    Map<String, Integer> counts = tally(4_000, MeshRequest.empty(), ID);
    assertThat(counts.get("10.0.0.1:80")).isBetween(2_990, 3_010);
    mesh().registry().updateWeight("svc", "v1", "10.0.0.2:80", 3);
    counts = tally(6_000, MeshRequest.empty(), ID);
    assertThat(counts.get("10.0.0.2:80")).isBetween(2_990, 3_010);
  }

  @Test
  void consistentHashPerSubsetKeepsSessionsSticky() {
    mesh()
        .policy(
            "svc",
            DestinationPolicy.custom()
                .loadBalancing("v1", LoadBalancingPolicy.CONSISTENT_HASH)
                .build());
    for (int i = 1; i <= 10; i++) {
      mesh().registry().register("svc", "v1", ep(i));
    }
    mesh().routes(RouteTable.forService("svc").otherwise().routeTo("v1"));
    for (int user = 0; user < 50; user++) {
      MeshRequest r = MeshRequest.builder().hashKey("user-" + user).build();
      assertThat(tally(20, r, ID)).hasSize(1);
    }
  }

  // ---------------------------------------------------------------- circuit breaking

  @Test
  void openCircuitMovesTrafficAndHalfOpenRecovers() {
    mesh().policy("svc", DestinationPolicy.custom().circuitBreaker(smallBreaker()).build());
    for (int i = 1; i <= 3; i++) {
      mesh().registry().register("svc", "v1", ep(i));
    }
    String bad = ep(2).id();
    Function<Endpoint, String> failOnBad =
        e -> {
          if (e.id().equals(bad)) {
            throw new IllegalStateException("boom");
          }
          return e.id();
        };
    int failures = 0;
    for (int i = 0; i < 30; i++) {
      try {
        mesh().call("svc", MeshRequest.empty(), failOnBad);
      } catch (UpstreamCallException e) {
        assertThat(e.endpoint().id()).isEqualTo(bad);
        failures++;
      }
    }
    assertThat(failures).as("4 failures fill the window and open the circuit").isEqualTo(4);
    assertThat(mesh().circuitBreaker("svc", bad).orElseThrow().state())
        .isEqualTo(CircuitState.OPEN);
    assertThat(tally(100, MeshRequest.empty(), failOnBad)).doesNotContainKey(bad);

    clock.advance(Duration.ofSeconds(10));
    Map<String, Integer> afterWait = tally(60, MeshRequest.empty(), ID);
    assertThat(afterWait).containsKey(bad);
    assertThat(mesh().circuitBreaker("svc", bad).orElseThrow().state())
        .as("two successful trial calls close it")
        .isEqualTo(CircuitState.CLOSED);
    assertThat(mesh().stats("svc").orElseThrow().subsets().get("*").endpoints())
        .filteredOn(s -> s.endpoint().id().equals(bad))
        .singleElement()
        .satisfies(s -> assertThat(s.circuitState()).isEqualTo(CircuitState.CLOSED));
  }

  @Test
  void allCircuitsOpenIsATypedFailure() {
    mesh().policy("svc", DestinationPolicy.custom().circuitBreaker(smallBreaker()).build());
    mesh().registry().register("svc", "v1", ep(1));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(
              () ->
                  mesh()
                      .call(
                          "svc",
                          MeshRequest.empty(),
                          e -> {
                            throw new IllegalStateException("down");
                          }))
          .isInstanceOf(UpstreamCallException.class);
    }
    NoHealthyEndpointException e =
        catchThrowableOfType(
            NoHealthyEndpointException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
    assertThat(e.reason()).isEqualTo(NoHealthyEndpointException.Reason.ALL_CIRCUITS_OPEN);
  }

  @Test
  void breakerStateSurvivesWeightChanges() {
    mesh().policy("svc", DestinationPolicy.custom().circuitBreaker(smallBreaker()).build());
    mesh().registry().register("svc", "v1", ep(1));
    mesh().registry().register("svc", "v1", ep(2));
    CircuitBreaker cb = mesh().circuitBreaker("svc", ep(1).id()).orElseThrow();
    for (int i = 0; i < 4; i++) {
      cb.tryAcquirePermission();
      cb.onError(1);
    }
    mesh().registry().updateWeight("svc", "v1", ep(1).id(), 5);
    assertThat(mesh().circuitBreaker("svc", ep(1).id()).orElseThrow()).isSameAs(cb);
    assertThat(tally(50, MeshRequest.empty(), ID)).containsOnlyKeys(ep(2).id());
  }

  @Test
  void serviceCircuitBreakerRejectsFast() {
    mesh().policy("svc", DestinationPolicy.custom().serviceCircuitBreaker(smallBreaker()).build());
    mesh().registry().register("svc", "v1", ep(1));
    mesh().registry().register("svc", "v1", ep(2));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(
              () ->
                  mesh()
                      .call(
                          "svc",
                          MeshRequest.empty(),
                          e -> {
                            throw new IllegalStateException("down");
                          }))
          .isInstanceOf(UpstreamCallException.class);
    }
    CallNotPermittedException e =
        catchThrowableOfType(
            CallNotPermittedException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
    assertThat(e.state()).isEqualTo(CircuitState.OPEN);
    assertThat(mesh().stats("svc").orElseThrow().circuitState()).contains(CircuitState.OPEN);
  }

  // ---------------------------------------------------------------- outlier detection

  @Test
  void consecutiveFailuresEjectForGrowingTimes() {
    mesh()
        .policy(
            "svc",
            DestinationPolicy.custom()
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
      mesh().registry().register("svc", "v1", ep(i));
    }
    String bad = ep(3).id();
    Function<Endpoint, String> failOnBad =
        e -> {
          if (e.id().equals(bad)) {
            throw new IllegalStateException("boom");
          }
          return e.id();
        };
    int failures = 0;
    for (int i = 0; i < 30; i++) {
      try {
        mesh().call("svc", MeshRequest.empty(), failOnBad);
      } catch (UpstreamCallException e) {
        failures++;
      }
    }
    assertThat(failures).isEqualTo(3);
    assertThat(events)
        .filteredOn(EndpointEjectedEvent.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((EndpointEjectedEvent) e).endpointId()).isEqualTo(bad));
    assertThat(tally(60, MeshRequest.empty(), failOnBad)).doesNotContainKey(bad);

    clock.advance(Duration.ofSeconds(30));
    assertThat(tally(60, MeshRequest.empty(), ID)).containsKey(bad);
    assertThat(events).filteredOn(EndpointReturnedEvent.class::isInstance).hasSize(1);

    for (int i = 0; i < 30; i++) {
      try {
        mesh().call("svc", MeshRequest.empty(), failOnBad);
      } catch (UpstreamCallException e) {
        failures++;
      }
    }
    EndpointEjectedEvent second =
        events.stream()
            .filter(EndpointEjectedEvent.class::isInstance)
            .map(EndpointEjectedEvent.class::cast)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(second.ejectionCount()).isEqualTo(2);
    assertThat(second.untilNanos() - second.atNanos()).isEqualTo(Duration.ofSeconds(60).toNanos());
  }

  @Test
  void allEjectedIsATypedFailureWithoutPanic() {
    mesh()
        .policy(
            "svc",
            DestinationPolicy.custom()
                .outlierDetection(
                    OutlierDetectionConfig.custom()
                        .consecutiveFailures(2)
                        .maxEjectionPercent(100)
                        .build())
                .panicThresholdPercent(0)
                .build());
    mesh().registry().register("svc", "v1", ep(1));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(
              () ->
                  mesh()
                      .call(
                          "svc",
                          MeshRequest.empty(),
                          e -> {
                            throw new IllegalStateException("down");
                          }))
          .isInstanceOf(UpstreamCallException.class);
    }
    assertThat(
            catchThrowableOfType(
                    NoHealthyEndpointException.class,
                    () -> mesh().call("svc", MeshRequest.empty(), ID))
                .reason())
        .isEqualTo(NoHealthyEndpointException.Reason.ALL_EJECTED);
  }

  // ---------------------------------------------------------------- retries

  private void threeEndpointsWithRetry(RetryPolicy retry) {
    mesh().policy("svc", DestinationPolicy.custom().retry(retry).build());
    for (int i = 1; i <= 3; i++) {
      mesh().registry().register("svc", "v1", ep(i));
    }
  }

  @Test
  void retriesGoToADifferentEndpoint() {
    threeEndpointsWithRetry(
        RetryPolicy.custom()
            .maxAttempts(3)
            .retryOn(RetryOn.CONNECT_FAILURE)
            .backoff(Duration.ZERO, Duration.ZERO)
            .build());
    List<String> attempts = new CopyOnWriteArrayList<>();
    String bad = ep(1).id();
    for (int i = 0; i < 30; i++) {
      attempts.clear();
      String result =
          mesh()
              .call(
                  "svc",
                  MeshRequest.empty(),
                  e -> {
                    attempts.add(e.id());
                    if (e.id().equals(bad)) {
                      throw new java.io.UncheckedIOException(new ConnectException("refused"));
                    }
                    return e.id();
                  });
      assertThat(result).isNotEqualTo(bad);
      assertThat(attempts).doesNotHaveDuplicates();
    }
    assertThat(mesh().stats("svc").orElseThrow().retries()).isPositive();
  }

  @Test
  void retriesOn503AndReturnsTheLastResponseWhenExhausted() {
    threeEndpointsWithRetry(
        RetryPolicy.custom().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO).build());
    int status =
        mesh().call("svc", MeshRequest.empty(), e -> e.id().equals(ep(2).id()) ? 200 : 503, s -> s);
    assertThat(status).isEqualTo(200);
    int allDown = mesh().call("svc", MeshRequest.empty(), e -> 503, s -> s);
    assertThat(allDown).isEqualTo(503);
    assertThat(mesh().stats("svc").orElseThrow().subsets().get("*").failures())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void retryWithNoEndpointLeftReportsTheLastAttempt() {
    mesh()
        .policy(
            "svc",
            DestinationPolicy.custom()
                .circuitBreaker(
                    CircuitBreakerConfig.custom()
                        .slidingWindow(1, 1, SlidingWindowType.COUNT_BASED)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .build())
                .retry(
                    RetryPolicy.custom()
                        .maxAttempts(3)
                        .retryOnStatuses(500)
                        .retryOnException(t -> true)
                        .backoff(Duration.ZERO, Duration.ZERO)
                        .build())
                .build());
    mesh().registry().register("svc", "v1", ep(1));
    int status = mesh().call("svc", MeshRequest.empty(), e -> 503, s -> s);
    assertThat(status)
        .as("the first 503 opens the only circuit; the caller still gets that response")
        .isEqualTo(503);
    clock.advance(Duration.ofMinutes(2));
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        ep -> {
                          throw new IllegalStateException("down");
                        }));
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e)
        .hasMessageContaining("no endpoint left to retry on (ALL_CIRCUITS_OPEN)")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void doesNotRetryWhatThePolicyDoesNotCover() {
    threeEndpointsWithRetry(
        RetryPolicy.custom()
            .maxAttempts(3)
            .retryOn(RetryOn.UNAVAILABLE)
            .backoff(Duration.ZERO, Duration.ZERO)
            .build());
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        ep -> {
                          throw new IllegalArgumentException("bad input");
                        }));
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e)
        .hasMessageContaining("not retryable")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(int500(mesh())).isEqualTo(500);
  }

  private static int int500(ServiceMesh m) {
    return m.call("svc", MeshRequest.empty(), e -> 500, s -> s);
  }

  @Test
  void customPredicateAndExhaustion() {
    threeEndpointsWithRetry(
        RetryPolicy.custom()
            .maxAttempts(3)
            .retryOn()
            .retryOnException(t -> t instanceof IllegalStateException)
            .backoff(Duration.ZERO, Duration.ZERO)
            .build());
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        ep -> {
                          throw new IllegalStateException("flaky");
                        }));
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e).hasMessageContaining("attempts exhausted");
  }

  @Test
  void retryBudgetCapsRetries() {
    threeEndpointsWithRetry(
        RetryPolicy.custom()
            .maxAttempts(3)
            .retryOn(RetryOn.CONNECT_FAILURE)
            .budget(new RetryBudget(0, 0))
            .backoff(Duration.ZERO, Duration.ZERO)
            .build());
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        ep -> {
                          throw new java.io.UncheckedIOException(new ConnectException("refused"));
                        }));
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e).hasMessageContaining("retry budget");
  }

  @Test
  void overallDeadlineStopsRetrying() {
    threeEndpointsWithRetry(
        RetryPolicy.custom()
            .maxAttempts(5)
            .retryOnStatuses(500)
            .overallTimeout(Duration.ofSeconds(1))
            .backoff(Duration.ZERO, Duration.ZERO)
            .build());
    List<String> attempts = new CopyOnWriteArrayList<>();
    int status =
        mesh()
            .call(
                "svc",
                MeshRequest.empty(),
                (EndpointCall<Integer>)
                    (e, timeout) -> {
                      attempts.add(e.id());
                      assertThat(timeout).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
                      clock.advance(Duration.ofMillis(600));
                      return 500;
                    },
                s -> s);
    assertThat(status).isEqualTo(500);
    assertThat(attempts).as("the second attempt ends past the deadline").hasSize(2);
  }

  // ---------------------------------------------------------------- concurrency limits

  @Test
  void concurrencyLimitRejectsFast() throws Exception {
    mesh().policy("svc", DestinationPolicy.custom().limits(ConcurrencyLimits.of(1)).build());
    mesh().registry().register("svc", "v1", ep(1));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> first =
          pool.submit(
              () ->
                  mesh()
                      .call(
                          "svc",
                          MeshRequest.empty(),
                          e -> {
                            inside.countDown();
                            await(release);
                            return "first";
                          }));
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      ConcurrencyLimitExceededException e =
          catchThrowableOfType(
              ConcurrencyLimitExceededException.class,
              () -> mesh().call("svc", MeshRequest.empty(), ID));
      assertThat(e.maxInFlight()).isEqualTo(1);
      assertThat(e.subset()).isEqualTo("*");
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(mesh().call("svc", MeshRequest.empty(), ID))
          .as("the slot is free again")
          .isEqualTo(ep(1).id());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(mesh().stats("svc").orElseThrow().subsets().get("*").rejections()).isEqualTo(1);
  }

  @Test
  void pendingCallsWaitForAFreeSlot() throws Exception {
    mesh()
        .policy(
            "svc",
            DestinationPolicy.custom()
                .limits(ConcurrencyLimits.of(1, 1, Duration.ofSeconds(10)))
                .build());
    mesh().registry().register("svc", "v1", ep(1));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first =
          pool.submit(
              () ->
                  mesh()
                      .call(
                          "svc",
                          MeshRequest.empty(),
                          e -> {
                            inside.countDown();
                            await(release);
                            return "first";
                          }));
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      Future<String> pending =
          pool.submit(() -> mesh().call("svc", MeshRequest.empty(), e -> "pending"));
      Thread.sleep(100);
      assertThat(pending).isNotDone();
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(pending.get(10, TimeUnit.SECONDS)).isEqualTo("pending");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- stats

  @Test
  void statsCountRequestsOutcomesAndLatency() {
    mesh().registry().register("svc", "v1", ep(1));
    for (int i = 0; i < 10; i++) {
      mesh()
          .call(
              "svc",
              MeshRequest.empty(),
              e -> {
                clock.advance(Duration.ofMillis(3));
                return 200;
              },
              s -> s);
    }
    mesh().call("svc", MeshRequest.empty(), e -> 502, s -> s);
    ServiceStats stats = mesh().stats().service("svc").orElseThrow();
    assertThat(stats.calls()).isEqualTo(11);
    SubsetStats v1 = stats.subsets().get("v1");
    assertThat(v1.requests()).isEqualTo(11);
    assertThat(v1.successes()).isEqualTo(10);
    assertThat(v1.failures()).isEqualTo(1);
    assertThat(v1.latency().count()).isEqualTo(11);
    assertThat(v1.latency().percentileNanos(50))
        .isBetween(Duration.ofMillis(3).toNanos(), Duration.ofMillis(4).toNanos());
    assertThat(v1.endpoints())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.inFlight()).isZero();
              assertThat(e.circuitState()).isEqualTo(CircuitState.CLOSED);
              assertThat(e.ejected()).isFalse();
            });
  }

  @Test
  void endpointsFollowTheRegistry() {
    mesh().registry().register("svc", "v1", ep(1));
    assertThat(tally(10, MeshRequest.empty(), ID)).containsOnlyKeys(ep(1).id());
    mesh().registry().register("svc", "v1", ep(2));
    mesh().registry().deregister("svc", "v1", ep(1).id());
    assertThat(tally(10, MeshRequest.empty(), ID)).containsOnlyKeys(ep(2).id());
    mesh().registry().removeService("svc");
    assertThat(mesh().stats("svc")).isEmpty();
    assertThat(mesh().circuitBreaker("svc", ep(2).id())).isEmpty();
    assertThat(Set.of()).isEmpty();
  }

  // ---------------------------------------------------------------- refusals that are not the
  // endpoint's fault

  /**
   * A transport's own refusal, thrown before anything is sent; stands for any {@link
   * NotEndpointFault}.
   */
  private static final class Refused extends RuntimeException implements NotEndpointFault {
    private static final long serialVersionUID = 1L;

    Refused(String endpointId) {
      super("refused " + endpointId);
    }
  }

  /** A checked exception cannot be rethrown unchanged, so the marker does not apply to it. */
  private static final class CheckedRefusal extends Exception implements NotEndpointFault {
    private static final long serialVersionUID = 1L;

    CheckedRefusal() {
      super("checked refusal");
    }
  }

  @Test
  void simulatedEndpointRefusalReachesTheCallerUnchangedAndIsChargedToNobody() {
    mesh()
        .policy(
            "svc",
            DestinationPolicy.custom()
                .circuitBreaker(smallBreaker())
                .serviceCircuitBreaker(smallBreaker())
                .outlierDetection(
                    OutlierDetectionConfig.custom()
                        .consecutiveFailures(1)
                        .maxEjectionPercent(100)
                        .build())
                .panicThresholdPercent(0)
                .retry(
                    RetryPolicy.custom()
                        .maxAttempts(3)
                        .retryOnException(t -> true)
                        .backoff(Duration.ZERO, Duration.ZERO)
                        .build())
                .build());
    Endpoint simulated = ep(1).withSimulated(true);
    mesh().registry().register("svc", "v1", simulated);
    List<String> attempts = new CopyOnWriteArrayList<>();
    Function<Endpoint, String> socketTransport =
        e -> {
          attempts.add(e.id());
          if (e.simulated()) {
            throw new SimulatedEndpointException("svc", e);
          }
          return e.id();
        };
    // Counted as failures, 4 of these would open both breakers and 1 would eject the endpoint.
    for (int i = 0; i < 20; i++) {
      SimulatedEndpointException e =
          catchThrowableOfType(
              SimulatedEndpointException.class,
              () -> mesh().call("svc", MeshRequest.empty(), socketTransport));
      assertThat(e.endpoint()).isEqualTo(simulated);
      assertThat(e.service()).isEqualTo("svc");
      assertThat(e.getSuppressed()).isEmpty();
    }
    assertThat(attempts).as("one attempt per call: never retried").hasSize(20);
    CircuitBreakerMetrics breaker =
        mesh().circuitBreaker("svc", simulated.id()).orElseThrow().metrics();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.bufferedCalls()).isZero();
    ServiceStats stats = mesh().stats("svc").orElseThrow();
    assertThat(stats.circuitState()).contains(CircuitState.CLOSED);
    assertThat(stats.retries()).isZero();
    assertThat(stats.subsets().get("v1").endpoints())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.requests()).isZero();
              assertThat(s.failures()).isZero();
              assertThat(s.inFlight()).isZero();
              assertThat(s.ejected()).isFalse();
            });
    assertThat(events)
        .noneMatch(
            e -> e instanceof EndpointEjectedEvent || e instanceof CircuitStateTransitionEvent);
    // A transport that opens no socket may still serve the simulation.
    assertThat(mesh().call("svc", MeshRequest.empty(), Endpoint::id)).isEqualTo(simulated.id());
  }

  @Test
  void refusalGivesBackTheHalfOpenTrialPermitAndKeepsTheEarlierFailure() {
    mesh()
        .policy(
            "svc",
            DestinationPolicy.custom()
                .circuitBreaker(smallBreaker())
                .retry(
                    RetryPolicy.custom()
                        .maxAttempts(2)
                        .retryOnException(t -> t instanceof IllegalStateException)
                        .backoff(Duration.ZERO, Duration.ZERO)
                        .build())
                .build());
    mesh().registry().register("svc", "v1", ep(1));
    CircuitBreaker cb = mesh().circuitBreaker("svc", ep(1).id()).orElseThrow();
    for (int i = 0; i < 4; i++) {
      cb.tryAcquirePermission();
      cb.onError(1);
    }
    assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    clock.advance(Duration.ofSeconds(10));
    // Two trial permits: refusals that kept them would leave none, and the next call would find
    // ALL_CIRCUITS_OPEN.
    for (int i = 0; i < 5; i++) {
      Refused refused = new Refused(ep(1).id());
      assertThatThrownBy(
              () ->
                  mesh()
                      .call(
                          "svc",
                          MeshRequest.empty(),
                          e -> {
                            throw refused;
                          }))
          .isSameAs(refused);
    }
    assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(tally(2, MeshRequest.empty(), ID)).containsOnlyKeys(ep(1).id());
    assertThat(cb.state()).as("the two trial calls close it").isEqualTo(CircuitState.CLOSED);

    // A refusal on a retry ends the call too, and the failure that caused the retry stays attached.
    int[] attempt = {0};
    Refused onRetry = new Refused(ep(1).id());
    assertThatThrownBy(
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        e -> {
                          if (attempt[0]++ == 0) {
                            throw new IllegalStateException("first attempt failed");
                          }
                          throw onRetry;
                        }))
        .isSameAs(onRetry);
    assertThat(onRetry.getSuppressed())
        .singleElement()
        .satisfies(t -> assertThat(t).hasMessage("first attempt failed"));
  }

  @Test
  void checkedExceptionCarryingTheMarkerIsAnOrdinaryFailure() {
    mesh().registry().register("svc", "v1", ep(1));
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        (EndpointCall<String>)
                            (ep, timeout) -> {
                              throw new CheckedRefusal();
                            },
                        s -> 0));
    assertThat(e).hasCauseInstanceOf(CheckedRefusal.class);
    assertThat(mesh().stats("svc").orElseThrow().subsets().get("v1").failures()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- boundaries and lifecycle

  @Test
  void nullServiceIsRejectedNamingTheParameter() {
    mesh().registry().register("svc", "v1", ep(1));
    assertThatThrownBy(() -> mesh().call(null, MeshRequest.empty(), ID))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("service");
    assertThatThrownBy(
            () ->
                mesh()
                    .call(
                        null, MeshRequest.empty(), (EndpointCall<String>) (e, t) -> e.id(), s -> 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("service");
    assertThatThrownBy(() -> mesh().call("svc", null, ID))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("request");
    assertThatThrownBy(() -> mesh().stats(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("service");
    assertThatThrownBy(() -> mesh().policy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("service");
  }

  @Test
  void closeIsIdempotentAndEveryOtherOperationAfterItIsRefused() {
    ServiceMesh m = mesh();
    m.registry().register("svc", "v1", ep(1));
    assertThat(m.call("svc", MeshRequest.empty(), ID)).isEqualTo(ep(1).id());
    m.close();
    m.close();
    List<ThrowingCallable> operations =
        List.of(
            () -> m.call("svc", MeshRequest.empty(), ID),
            () -> m.call("svc", MeshRequest.empty(), ID, s -> 0),
            () ->
                m.call("svc", MeshRequest.empty(), (EndpointCall<String>) (e, t) -> e.id(), s -> 0),
            m::registry,
            () -> m.routes(RouteTable.forService("svc").otherwise().routeTo("v1")),
            () -> m.removeRoutes("svc"),
            () -> m.policy("svc", DestinationPolicy.ofDefaults()),
            () -> m.policy("svc"),
            () -> m.circuitBreaker("svc", ep(1).id()),
            m::stats,
            () -> m.stats("svc"));
    for (ThrowingCallable operation : operations) {
      assertThatThrownBy(operation)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("service mesh is closed");
    }
  }
}
