package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ConnectException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a call through a {@link ServiceMesh} ends, and the {@link StopReason} it ends with: on
 * the exception the caller gets and in {@link ServiceStats#stopReasons()}. Driven by a manual clock
 * except where a real wait is the point (a fault's delay, an interrupted backoff), and then only
 * with bounds a loaded machine cannot break.
 */
public abstract class StopReasonContractTest {

  private final ManualClock clock = new ManualClock();
  private ServiceMesh mesh;

  /**
   * @return a new mesh on {@code clock}
   */
  protected abstract ServiceMesh create(MeshClock clock);

  private ServiceMesh mesh() {
    if (mesh == null) {
      mesh = create(clock);
    }
    return mesh;
  }

  @AfterEach
  void closeMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private static Endpoint ep(int n) {
    return Endpoint.of("10.0.0." + n, 8080);
  }

  private static final Function<Endpoint, String> ID = Endpoint::id;

  private static RetryPolicy.Builder noBackoff() {
    return RetryPolicy.custom().backoff(Duration.ZERO, Duration.ZERO);
  }

  private void policy(DestinationPolicy policy, int endpoints) {
    mesh().policy("svc", policy);
    for (int i = 1; i <= endpoints; i++) {
      mesh().registry().register("svc", "v1", ep(i));
    }
  }

  private void retry(RetryPolicy retry, int endpoints) {
    policy(DestinationPolicy.custom().retry(retry).build(), endpoints);
  }

  /** Asserts that exactly one more call of "svc" ended, with {@code reason}, and no other. */
  private void assertOnlyStop(StopReason reason, long expected) {
    ServiceStats stats = mesh().stats("svc").orElseThrow();
    assertThat(stats.stopped(reason)).as("calls stopped as %s", reason).isEqualTo(expected);
    long total = stats.stopReasons().values().stream().mapToLong(Long::longValue).sum();
    assertThat(total).as("every call is counted under one reason").isEqualTo(stats.calls());
    assertThat(stats.stopReasons()).containsOnlyKeys(EnumSet.allOf(StopReason.class));
  }

  private static <T> T throwing(RuntimeException e) {
    throw e;
  }

  // ---------------------------------------------------------------- success and returned results

  @Test
  void success() {
    retry(RetryPolicy.none(), 1);
    assertThat(mesh().call("svc", MeshRequest.empty(), ID)).isEqualTo(ep(1).id());
    int status = mesh().call("svc", MeshRequest.empty(), e -> 204, s -> s);
    assertThat(status).isEqualTo(204);
    assertOnlyStop(StopReason.SUCCEEDED, 2);
  }

  @Test
  void aFiveHundredTheRetryPolicyDoesNotCoverIsReturnedAsNotRetryable() {
    retry(noBackoff().maxAttempts(3).retryOn(RetryOn.UNAVAILABLE).build(), 3);
    int status = mesh().call("svc", MeshRequest.empty(), e -> 500, s -> s);
    assertThat(status).isEqualTo(500);
    assertThat(mesh().stats("svc").orElseThrow().retries()).isZero();
    assertOnlyStop(StopReason.NOT_RETRYABLE, 1);
  }

  @Test
  void theLastRetried503IsReturnedAsAttemptsExhausted() {
    retry(noBackoff().maxAttempts(3).build(), 3);
    int status = mesh().call("svc", MeshRequest.empty(), e -> 503, s -> s);
    assertThat(status).isEqualTo(503);
    assertThat(mesh().stats("svc").orElseThrow().retries()).isEqualTo(2);
    assertOnlyStop(StopReason.ATTEMPTS_EXHAUSTED, 1);
  }

  // ---------------------------------------------------------------- failures after an attempt

  @Test
  void notRetryableFailure() {
    retry(noBackoff().maxAttempts(3).retryOn(RetryOn.UNAVAILABLE).build(), 3);
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        ep -> throwing(new IllegalArgumentException("bad input"))));
    assertThat(e.stopReason()).contains(StopReason.NOT_RETRYABLE);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e).hasMessageContaining("not retryable");
    assertOnlyStop(StopReason.NOT_RETRYABLE, 1);
  }

  @Test
  void attemptsExhausted() {
    retry(noBackoff().maxAttempts(3).retryOnException(t -> true).build(), 3);
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        ep -> throwing(new IllegalStateException("flaky"))));
    assertThat(e.stopReason()).contains(StopReason.ATTEMPTS_EXHAUSTED);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e).hasMessageContaining("attempts exhausted");
    assertOnlyStop(StopReason.ATTEMPTS_EXHAUSTED, 1);
  }

  @Test
  void retryBudgetExhausted() {
    retry(
        noBackoff()
            .maxAttempts(3)
            .retryOn(RetryOn.CONNECT_FAILURE)
            .budget(new RetryBudget(0, 0))
            .build(),
        3);
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        ep ->
                            throwing(
                                new java.io.UncheckedIOException(
                                    new ConnectException("refused")))));
    assertThat(e.stopReason()).contains(StopReason.RETRY_BUDGET_EXHAUSTED);
    assertThat(e).hasMessageContaining("retry budget exhausted");
    assertOnlyStop(StopReason.RETRY_BUDGET_EXHAUSTED, 1);
  }

  @Test
  void aBackoffEndingPastTheDeadlineStopsAsDeadlineExceeded() {
    retry(
        RetryPolicy.custom()
            .maxAttempts(5)
            .retryOnException(t -> true)
            .overallTimeout(Duration.ofSeconds(1))
            .backoff(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .jitter(0)
            .build(),
        3);
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call("svc", MeshRequest.empty(), ep -> throwing(new IllegalStateException())));
    assertThat(e.stopReason()).contains(StopReason.DEADLINE_EXCEEDED);
    assertThat(e.attempts()).as("the 2 s backoff cannot fit in 1 s: no sleep, no retry").isOne();
    assertThat(e).hasMessageContaining("deadline reached");
    assertOnlyStop(StopReason.DEADLINE_EXCEEDED, 1);
  }

  @Test
  void anAttemptsTimeoutEndsTheCallAsATimeoutWithTheReasonItStopped() {
    retry(noBackoff().maxAttempts(2).retryOn(RetryOn.TIMEOUT).build(), 2);
    Duration perTry = Duration.ofMillis(50);
    MeshTimeoutException e =
        catchThrowableOfType(
            MeshTimeoutException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        (EndpointCall<String>)
                            (ep, timeout) -> {
                              throw new MeshTimeoutException(
                                  "svc", MeshTimeoutException.Scope.PER_TRY, perTry);
                            },
                        s -> 0));
    assertThat(e.stopReason()).contains(StopReason.ATTEMPTS_EXHAUSTED);
    assertThat(e.scope()).isEqualTo(MeshTimeoutException.Scope.PER_TRY);
    assertThat(e.timeout()).isEqualTo(perTry);
    assertThat(e)
        .hasMessageContaining("per-try timeout of PT0.05S")
        .hasMessageContaining("attempts exhausted")
        .hasCauseInstanceOf(MeshTimeoutException.class);
    assertThat(((MeshTimeoutException) e.getCause()).stopReason())
        .as("the attempt's own timeout ended no call")
        .isEmpty();
    assertThat(mesh().stats("svc").orElseThrow().retries()).isOne();
    assertOnlyStop(StopReason.ATTEMPTS_EXHAUSTED, 1);
  }

  @Test
  void anOverallDeadlinePassedBeforeAnAttemptIsATimeout() {
    // A real clock, because the fault's delay is a real sleep: 20 ms always outlast 1 ms.
    ServiceMesh real = create(MeshClock.system());
    try {
      real.policy(
          "svc",
          DestinationPolicy.custom()
              .retry(RetryPolicy.custom().overallTimeout(Duration.ofMillis(1)).build())
              .build());
      real.registry().register("svc", "v1", ep(1));
      real.routes(
          RouteTable.forService("svc")
              .otherwise()
              .fault(FaultInjection.delay(100, Duration.ofMillis(20)))
              .routeTo("v1"));
      MeshTimeoutException e =
          catchThrowableOfType(
              MeshTimeoutException.class, () -> real.call("svc", MeshRequest.empty(), ID));
      assertThat(e.stopReason()).contains(StopReason.DEADLINE_EXCEEDED);
      assertThat(e.scope()).isEqualTo(MeshTimeoutException.Scope.OVERALL);
      assertThat(e).hasMessageContaining("overall timeout of PT0.001S");
      ServiceStats stats = real.stats("svc").orElseThrow();
      assertThat(stats.stopped(StopReason.DEADLINE_EXCEEDED)).isOne();
      assertThat(stats.subsets().get("v1").requests()).as("no attempt started").isZero();
    } finally {
      real.close();
    }
  }

  // ---------------------------------------------------------------- no endpoint

  @Test
  void noHealthyEndpointForTheFirstAttempt() {
    mesh().registry().replaceSubset("svc", "v1", java.util.List.of());
    mesh().routes(RouteTable.forService("svc").otherwise().routeTo("v1"));
    NoHealthyEndpointException e =
        catchThrowableOfType(
            NoHealthyEndpointException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
    assertThat(e.stopReason()).contains(StopReason.NO_HEALTHY_ENDPOINT);
    assertThat(e.reason()).isEqualTo(NoHealthyEndpointException.Reason.NONE_REGISTERED);
    assertOnlyStop(StopReason.NO_HEALTHY_ENDPOINT, 1);
  }

  @Test
  void aRouteToASubsetTheServiceDoesNotHave() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh().routes(RouteTable.forService("svc").otherwise().routeTo("v9"));
    NoHealthyEndpointException e =
        catchThrowableOfType(
            NoHealthyEndpointException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
    assertThat(e.stopReason()).contains(StopReason.NO_HEALTHY_ENDPOINT);
    assertThat(e.reason()).isEqualTo(NoHealthyEndpointException.Reason.UNKNOWN_SUBSET);
    assertOnlyStop(StopReason.NO_HEALTHY_ENDPOINT, 1);
  }

  @Test
  void anUnknownServiceCarriesTheReasonButHasNoCounters() {
    NoHealthyEndpointException e =
        catchThrowableOfType(
            NoHealthyEndpointException.class, () -> mesh().call("nope", MeshRequest.empty(), ID));
    assertThat(e.stopReason()).contains(StopReason.NO_HEALTHY_ENDPOINT);
    assertThat(e.reason()).isEqualTo(NoHealthyEndpointException.Reason.UNKNOWN_SERVICE);
    assertThat(mesh().stats("nope")).isEmpty();
  }

  /** One endpoint whose circuit opens on one failure, and a policy that retries everything. */
  private void oneFragileEndpoint() {
    policy(
        DestinationPolicy.custom()
            .circuitBreaker(
                CircuitBreakerConfig.custom()
                    .slidingWindow(1, 1, SlidingWindowType.COUNT_BASED)
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .build())
            .retry(
                noBackoff().maxAttempts(3).retryOnStatuses(500).retryOnException(t -> true).build())
            .build(),
        1);
  }

  @Test
  void noEndpointLeftForARetryAfterAFailure() {
    oneFragileEndpoint();
    UpstreamCallException e =
        catchThrowableOfType(
            UpstreamCallException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        ep -> throwing(new IllegalStateException("down"))));
    assertThat(e.stopReason()).contains(StopReason.NO_HEALTHY_ENDPOINT);
    assertThat(e.attempts()).isOne();
    assertThat(e)
        .hasMessageContaining("no endpoint left to retry on (ALL_CIRCUITS_OPEN)")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(e.getSuppressed())
        .singleElement()
        .isInstanceOfSatisfying(
            NoHealthyEndpointException.class,
            none ->
                assertThat(none.reason())
                    .isEqualTo(NoHealthyEndpointException.Reason.ALL_CIRCUITS_OPEN));
    assertOnlyStop(StopReason.NO_HEALTHY_ENDPOINT, 1);
  }

  @Test
  void noEndpointLeftForARetryAfterA5xxReturnsIt() {
    oneFragileEndpoint();
    int status = mesh().call("svc", MeshRequest.empty(), e -> 500, s -> s);
    assertThat(status).isEqualTo(500);
    assertOnlyStop(StopReason.NO_HEALTHY_ENDPOINT, 1);
  }

  // ---------------------------------------------------------------- refused before any attempt

  @Test
  void noRoute() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh()
        .routes(
            RouteTable.forService("svc")
                .when(RequestMatch.headerExact("a", "b"))
                .routeTo("v1")
                .build());
    NoRouteException e =
        catchThrowableOfType(
            NoRouteException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
    assertThat(e.stopReason()).contains(StopReason.NO_ROUTE);
    assertOnlyStop(StopReason.NO_ROUTE, 1);
  }

  @Test
  void serviceCircuitOpen() {
    policy(
        DestinationPolicy.custom()
            .serviceCircuitBreaker(
                CircuitBreakerConfig.custom()
                    .slidingWindow(1, 1, SlidingWindowType.COUNT_BASED)
                    .waitDurationInOpenState(Duration.ofSeconds(10))
                    .build())
            .build(),
        1);
    assertThatThrownBy(
            () ->
                mesh()
                    .call("svc", MeshRequest.empty(), ep -> throwing(new IllegalStateException())))
        .isInstanceOf(UpstreamCallException.class);
    CallNotPermittedException e =
        catchThrowableOfType(
            CallNotPermittedException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
    assertThat(e.stopReason()).contains(StopReason.CIRCUIT_OPEN);
    assertOnlyStop(StopReason.CIRCUIT_OPEN, 1);
  }

  @Test
  void concurrencyLimitReached() {
    policy(DestinationPolicy.custom().limits(ConcurrencyLimits.of(1)).build(), 1);
    // The only slot is held by the outer call while its attempt makes the inner one: no threads.
    ConcurrencyLimitExceededException[] inner = new ConcurrencyLimitExceededException[1];
    String outer =
        mesh()
            .call(
                "svc",
                MeshRequest.empty(),
                e -> {
                  inner[0] =
                      catchThrowableOfType(
                          ConcurrencyLimitExceededException.class,
                          () -> mesh().call("svc", MeshRequest.empty(), ID));
                  return e.id();
                });
    assertThat(outer).isEqualTo(ep(1).id());
    assertThat(inner[0].stopReason()).contains(StopReason.CONCURRENCY_LIMIT_REACHED);
    assertOnlyStop(StopReason.CONCURRENCY_LIMIT_REACHED, 1);
    assertThat(mesh().stats("svc").orElseThrow().stopped(StopReason.SUCCEEDED)).isOne();
  }

  @Test
  void faultInjected() {
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
    assertThat(e.stopReason()).contains(StopReason.FAULT_INJECTED);
    assertOnlyStop(StopReason.FAULT_INJECTED, 1);
  }

  // ---------------------------------------------------------------- passed through unchanged

  @Test
  void refusedBeforeSending() {
    retry(noBackoff().maxAttempts(3).retryOnException(t -> true).build(), 0);
    Endpoint simulated = ep(1).withSimulated(true);
    mesh().registry().register("svc", "v1", simulated);
    SimulatedEndpointException e =
        catchThrowableOfType(
            SimulatedEndpointException.class,
            () ->
                mesh()
                    .call(
                        "svc",
                        MeshRequest.empty(),
                        ep -> throwing(new SimulatedEndpointException("svc", ep))));
    assertThat(e.stopReason()).contains(StopReason.REFUSED);
    assertOnlyStop(StopReason.REFUSED, 1);
  }

  /** An {@link Error} an attempt throws; stands for any. */
  private static final class AttemptError extends Error {
    private static final long serialVersionUID = 1L;

    AttemptError() {
      super("attempt error");
    }
  }

  @Test
  void anErrorIsNeverRetried() {
    retry(noBackoff().maxAttempts(3).retryOnException(t -> true).build(), 3);
    AttemptError error = new AttemptError();
    assertThat(
            catchThrowable(
                () ->
                    mesh()
                        .call(
                            "svc",
                            MeshRequest.empty(),
                            e -> {
                              throw error;
                            })))
        .isSameAs(error);
    assertThat(mesh().stats("svc").orElseThrow().retries()).isZero();
    assertOnlyStop(StopReason.ERROR, 1);
  }

  @Test
  void aThrowingStatusFunctionEndsTheCallAndChargesNoEndpoint() {
    retry(RetryPolicy.none(), 1);
    IllegalStateException broken = new IllegalStateException("cannot classify");
    assertThat(
            catchThrowable(
                () ->
                    mesh()
                        .call(
                            "svc",
                            MeshRequest.empty(),
                            ID,
                            s -> {
                              throw broken;
                            })))
        .isSameAs(broken);
    SubsetStats subset = mesh().stats("svc").orElseThrow().subsets().get("v1");
    assertThat(subset.successes() + subset.failures()).isZero();
    assertThat(mesh().circuitBreaker("svc", ep(1).id()).orElseThrow().metrics().bufferedCalls())
        .isZero();
    assertOnlyStop(StopReason.CLASSIFIER_FAILED, 1);
  }

  // ---------------------------------------------------------------- interrupted waits

  @Test
  void anInterruptDuringTheBackoffEndsTheCall() {
    retry(
        RetryPolicy.custom()
            .maxAttempts(3)
            .retryOnException(t -> true)
            .backoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
            .build(),
        3);
    try {
      MeshException e =
          catchThrowableOfType(
              MeshException.class,
              () ->
                  mesh()
                      .call(
                          "svc",
                          MeshRequest.empty(),
                          ep -> {
                            // The backoff that follows sleeps on an interrupted thread: it ends
                            // at once.
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("failed");
                          }));
      assertThat(e.stopReason()).contains(StopReason.INTERRUPTED);
      assertThat(e).hasMessageContaining("backing off before a retry");
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertOnlyStop(StopReason.INTERRUPTED, 1);
  }

  @Test
  void anInterruptDuringAFaultDelayEndsTheCall() {
    mesh().registry().register("svc", "v1", ep(1));
    mesh()
        .routes(
            RouteTable.forService("svc")
                .otherwise()
                .fault(FaultInjection.delay(100, Duration.ofSeconds(30)))
                .routeTo("v1"));
    Thread.currentThread().interrupt();
    try {
      MeshException e =
          catchThrowableOfType(
              MeshException.class, () -> mesh().call("svc", MeshRequest.empty(), ID));
      assertThat(e.stopReason()).contains(StopReason.INTERRUPTED);
    } finally {
      Thread.interrupted();
    }
    assertOnlyStop(StopReason.INTERRUPTED, 1);
    assertThat(mesh().stats("svc").orElseThrow().subsets().get("v1").requests()).isZero();
  }

  // ---------------------------------------------------------------- the values themselves

  @Test
  void exceptionsOutsideACallCarryNoReasonAndUpstreamReasonsAreChecked() {
    assertThat(new MeshException("svc", "transport failed").stopReason()).isEmpty();
    assertThat(
            new MeshTimeoutException("svc", MeshTimeoutException.Scope.PER_TRY, Duration.ZERO)
                .stopReason())
        .isEmpty();
    assertThatThrownBy(
            () ->
                new UpstreamCallException(
                    "svc", ep(1), 1, StopReason.SUCCEEDED, new IllegalStateException()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stopReason was SUCCEEDED")
        .hasMessageContaining("NOT_RETRYABLE");
    assertThatThrownBy(
            () ->
                new UpstreamCallException(
                    "svc", ep(1), 1, (StopReason) null, new IllegalStateException()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("stopReason");
  }

  @Test
  void statsWithoutCountsHaveEveryReasonAtZero() {
    ServiceStats legacy = new ServiceStats("svc", 0, 0, 0, java.util.Optional.empty(), Map.of());
    assertThat(legacy.stopReasons()).containsOnlyKeys(EnumSet.allOf(StopReason.class));
    assertThat(legacy.stopReasons().values()).containsOnly(0L);
    assertThat(legacy.stopped(StopReason.SUCCEEDED)).isZero();
    assertThatThrownBy(() -> legacy.stopped(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
  }
}
