package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hedged requests through {@link ServiceMesh#call} with a blocking transport: the first answer
 * wins, the loser is interrupted and not charged to its endpoint, only idempotent calls are hedged,
 * a retryable failure sends the next attempt at once, a fatal one ends the call, and hedges draw
 * from the retry budget. Stalls are interruptible sleeps far longer than any bound asserted, so a
 * slow machine cannot make a test pass for the wrong reason or fail for a right one.
 */
class HedgingTest {

  private static final Duration STALL = Duration.ofSeconds(20);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ServiceMesh mesh;
  private final AtomicInteger invocations = new AtomicInteger();
  private final CountDownLatch interrupted = new CountDownLatch(1);

  @BeforeEach
  void start() {
    mesh = ServiceMesh.builder().meterRegistry(registry).build();
    for (int i = 0; i < 3; i++) {
      mesh.registry().register("svc", "v1", Endpoint.of("10.3.0." + i, 8080));
    }
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  private void policy(HedgePolicy hedge, RetryPolicy retry) {
    mesh.policy("svc", DestinationPolicy.custom().hedging(hedge).retry(retry).build());
  }

  private void policy(HedgePolicy hedge) {
    policy(hedge, RetryPolicy.none());
  }

  private static HedgePolicy after(Duration delay) {
    return HedgePolicy.custom().delay(delay).build();
  }

  /** The first invocation stalls (until interrupted); every later one answers its endpoint. */
  private final Function<Endpoint, String> firstStalls =
      endpoint -> {
        if (invocations.getAndIncrement() == 0) {
          sleepUntilInterrupted();
        }
        return endpoint.id();
      };

  private void sleepUntilInterrupted() {
    try {
      Thread.sleep(STALL.toMillis());
    } catch (InterruptedException e) {
      interrupted.countDown();
      Thread.currentThread().interrupt();
    }
  }

  private double hedges(String outcome) {
    return registry
        .get("mesh.hedges")
        .tag("service", "svc")
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private long failuresRecorded() {
    return mesh.stats("svc").orElseThrow().subsets().get("v1").failures();
  }

  @Test
  void theHedgeAnswersAndTheStalledAttemptIsInterruptedWithoutACharge() throws Exception {
    policy(after(Duration.ofMillis(20)));
    long t0 = System.nanoTime();
    String answer = mesh.call("svc", MeshRequest.empty(), firstStalls);
    long took = System.nanoTime() - t0;

    assertThat(answer).startsWith("10.3.0.");
    assertThat(Duration.ofNanos(took)).isLessThan(STALL.dividedBy(4));
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the loser was interrupted").isTrue();
    assertThat(invocations).hasValue(2);
    assertThat(hedges("won")).isEqualTo(1);
    assertThat(hedges("lost")).isZero();
    assertThat(failuresRecorded()).as("a cancelled attempt is no failure").isZero();
    assertThat(mesh.stats("svc").orElseThrow().stopReasons().get(StopReason.SUCCEEDED))
        .isEqualTo(1);
  }

  @Test
  void anAnswerBeforeTheDelaySendsNoHedge() {
    policy(after(Duration.ofSeconds(10)));
    for (int i = 0; i < 20; i++) {
      assertThat(mesh.call("svc", MeshRequest.empty(), Endpoint::id)).startsWith("10.3.0.");
    }
    assertThat(hedges("won") + hedges("lost") + hedges("refused")).isZero();
    assertThat(mesh.stats("svc").orElseThrow().subsets().get("v1").successes()).isEqualTo(20);
  }

  @Test
  void aCallThatIsNotIdempotentIsNeverHedged() {
    policy(after(Duration.ofMillis(1)));
    MeshRequest post = MeshRequest.builder().method("POST").path("/orders").build();
    assertThat(post.idempotent()).isFalse();
    AtomicInteger calls = new AtomicInteger();
    String answer =
        mesh.call(
            "svc",
            post,
            e -> {
              calls.incrementAndGet();
              sleepMillis(100);
              return e.id();
            });
    assertThat(answer).startsWith("10.3.0.");
    assertThat(calls).hasValue(1);
    assertThat(hedges("won") + hedges("lost") + hedges("refused")).isZero();
  }

  @Test
  void idempotencyFollowsTheMethodTheKeyHeaderAndTheOverride() {
    assertThat(MeshRequest.builder().method("put").build().idempotent()).isTrue();
    assertThat(MeshRequest.builder().method("DELETE").build().idempotent()).isTrue();
    assertThat(MeshRequest.builder().method("PATCH").build().idempotent()).isFalse();
    assertThat(
            MeshRequest.builder()
                .method("POST")
                .header("Idempotency-Key", "k1")
                .build()
                .idempotent())
        .isTrue();
    assertThat(MeshRequest.builder().method("POST").idempotent(true).build().idempotent()).isTrue();
    assertThat(MeshRequest.builder().idempotent(false).build().idempotent()).isFalse();
    assertThat(MeshRequest.empty().idempotent()).isTrue();
  }

  @Test
  void aRetryableFailureSendsTheNextAttemptAtOnce() {
    policy(after(Duration.ofSeconds(30)));
    long t0 = System.nanoTime();
    String answer =
        mesh.call(
            "svc",
            MeshRequest.empty(),
            e -> {
              if (invocations.getAndIncrement() == 0) {
                throw new java.io.UncheckedIOException(new ConnectException("refused"));
              }
              return e.id();
            });
    assertThat(answer).startsWith("10.3.0.");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(invocations).hasValue(2);
    assertThat(mesh.stats("svc").orElseThrow().retries()).isEqualTo(1);
    assertThat(failuresRecorded()).isEqualTo(1);
  }

  @Test
  void aFatalFailureEndsTheCallAndCancelsTheHedge() throws Exception {
    policy(after(Duration.ofMillis(10)));
    CountDownLatch hedgeStarted = new CountDownLatch(1);
    assertThatThrownBy(
            () ->
                mesh.call(
                    "svc",
                    MeshRequest.empty(),
                    e -> {
                      if (invocations.getAndIncrement() == 0) {
                        awaitQuietly(hedgeStarted);
                        throw new IllegalStateException("bad request");
                      }
                      hedgeStarted.countDown();
                      sleepUntilInterrupted();
                      return e.id();
                    }))
        .isInstanceOf(UpstreamCallException.class)
        .hasRootCauseMessage("bad request")
        .satisfies(
            t -> assertThat(((MeshException) t).stopReason()).contains(StopReason.NOT_RETRYABLE));
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the hedge was cancelled").isTrue();
    assertThat(hedges("lost")).isEqualTo(1);
  }

  @Test
  void anEmptyRetryBudgetRefusesTheHedge() {
    policy(
        HedgePolicy.custom().delay(Duration.ofMillis(5)).build(),
        RetryPolicy.custom().maxAttempts(1).budget(new RetryBudget(0, 0)).build());
    String answer =
        mesh.call(
            "svc",
            MeshRequest.empty(),
            e -> {
              sleepMillis(150);
              invocations.incrementAndGet();
              return e.id();
            });
    assertThat(answer).startsWith("10.3.0.");
    assertThat(invocations).hasValue(1);
    assertThat(hedges("refused")).isEqualTo(1);
    assertThat(registry.get("mesh.retry.budget.refusals").counter().count()).isEqualTo(1);
  }

  @Test
  void upToMaxAttemptsAreSentAndTheFirstAnswerWins() {
    policy(HedgePolicy.custom().maxAttempts(3).delay(Duration.ofMillis(10)).build());
    String answer =
        mesh.call(
            "svc",
            MeshRequest.empty(),
            e -> {
              if (invocations.getAndIncrement() < 2) {
                sleepUntilInterruptedQuietly();
              }
              return e.id();
            });
    assertThat(answer).startsWith("10.3.0.");
    assertThat(invocations).hasValue(3);
    assertThat(hedges("won")).isEqualTo(1);
    assertThat(hedges("lost")).isEqualTo(1);
  }

  @Test
  void whenEveryAttemptFailsTheLastResultIsReturnedAsAttemptsExhausted() {
    policy(
        HedgePolicy.custom().maxAttempts(3).delay(Duration.ofSeconds(30)).build(),
        RetryPolicy.custom().maxAttempts(1).build());
    int status = mesh.call("svc", MeshRequest.empty(), e -> 503, s -> s);
    assertThat(status).isEqualTo(503);
    ServiceStats stats = mesh.stats("svc").orElseThrow();
    assertThat(stats.stopReasons().get(StopReason.ATTEMPTS_EXHAUSTED)).isEqualTo(1);
    assertThat(stats.retries()).isEqualTo(2);
    assertThat(failuresRecorded()).isEqualTo(3);
  }

  @Test
  void aFunctionOverItsPerTryTimeoutIsAbandonedAndTheNextAttemptSent() throws Exception {
    policy(
        after(Duration.ofSeconds(30)),
        RetryPolicy.custom().maxAttempts(1).perTryTimeout(Duration.ofMillis(100)).build());
    String answer = mesh.call("svc", MeshRequest.empty(), firstStalls);
    assertThat(answer).startsWith("10.3.0.");
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(invocations).hasValue(2);
  }

  @Test
  void theOverallTimeoutEndsAHedgedCall() {
    policy(
        HedgePolicy.custom().delay(Duration.ofMillis(10)).build(),
        RetryPolicy.custom().maxAttempts(1).overallTimeout(Duration.ofMillis(200)).build());
    assertThatThrownBy(
            () ->
                mesh.call(
                    "svc",
                    MeshRequest.empty(),
                    e -> {
                      sleepUntilInterruptedQuietly();
                      return e.id();
                    }))
        .isInstanceOf(MeshTimeoutException.class)
        .satisfies(
            t ->
                assertThat(((MeshException) t).stopReason())
                    .contains(StopReason.DEADLINE_EXCEEDED));
    assertThat(hedges("lost")).isEqualTo(1);
  }

  private static void sleepUntilInterruptedQuietly() {
    try {
      Thread.sleep(STALL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
