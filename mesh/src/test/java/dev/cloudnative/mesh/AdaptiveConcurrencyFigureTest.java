package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The overload figure, a short measured run that prints its table (the README's numbers come from
 * it): a backend of fixed capacity ({@value #CAPACITY} requests at once, {@value #SERVICE_MILLIS}
 * ms each: {@value #RATE_CAPACITY} calls/s) offered three times its capacity, open loop, by callers
 * that give up after {@value #TIMEOUT_MILLIS} ms. The backend neither sees a caller give up nor
 * stops working for it (a real server's queue). Rows: no limit, a static limit of the capacity (the
 * ideal, if one knew it), a static limit of eight times it, and the adaptive Vegas limit. Goodput
 * is the calls answered in time per second against the capacity; latency is that of the answered
 * calls. Each row runs {@value #WARMUP_MILLIS} ms before it is measured, so the adaptive limit is
 * measured once converged. Asserted generously: the adaptive limit keeps most of the goodput the
 * unlimited run loses, and bounds the answered calls' p99 well under the callers' timeout.
 */
class AdaptiveConcurrencyFigureTest {

  private static final int CAPACITY = 4;
  private static final long SERVICE_MILLIS = 20;
  private static final int RATE_CAPACITY = (int) (CAPACITY * 1000 / SERVICE_MILLIS);
  private static final int OVERLOAD = 3;
  private static final long TIMEOUT_MILLIS = 250;
  private static final long WARMUP_MILLIS = 1000;
  private static final long MEASURE_MILLIS = 2000;

  /** The backend: a fair semaphore of {@link #CAPACITY} permits; work ignores interrupts. */
  private final Semaphore permits = new Semaphore(CAPACITY, true);

  private final Object idle = new Object();
  private int busy;

  private String serve(Endpoint endpoint) {
    synchronized (idle) {
      busy++;
    }
    try {
      permits.acquireUninterruptibly();
      boolean interrupted = false;
      try {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SERVICE_MILLIS);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
          // An interrupt (the caller gave up) does not stop the work; it is kept for the end, so
          // that the park does not return at once.
          interrupted |= Thread.interrupted();
          LockSupport.parkNanos(left);
        }
        return "ok";
      } finally {
        permits.release();
        if (interrupted || Thread.interrupted()) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      synchronized (idle) {
        busy--;
        idle.notifyAll();
      }
    }
  }

  private void awaitIdle(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (busy > 0) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
  }

  private record Row(
      String name,
      double goodputPercent,
      double shedPercent,
      double timedOutPercent,
      long p50,
      long p99,
      int limitAtEnd) {}

  private Row run(String name, Optional<ConcurrencyLimits> limits, Optional<AdaptiveConcurrency> a)
      throws Exception {
    DestinationPolicy.Builder policy =
        DestinationPolicy.custom()
            // The endpoint's breaker would trip on the timeouts and shed by itself: here only the
            // limit under test may protect the backend.
            .circuitBreaker(
                CircuitBreakerConfig.custom()
                    .slidingWindow(10, Integer.MAX_VALUE, SlidingWindowType.TIME_BASED)
                    .build())
            .retry(
                RetryPolicy.custom()
                    .maxAttempts(1)
                    .overallTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
                    .build());
    limits.ifPresent(policy::limits);
    a.ifPresent(policy::adaptiveConcurrency);
    ExecutorService callers = Executors.newCachedThreadPool();
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (ServiceMesh mesh = ServiceMesh.builder().meterRegistry(registry).build()) {
      mesh.registry().register("backend", "v1", Endpoint.of("10.9.0.1", 8080));
      mesh.policy("backend", policy.build());
      long periodNanos = TimeUnit.SECONDS.toNanos(1) / (RATE_CAPACITY * OVERLOAD);
      long t0 = System.nanoTime();
      long measureFrom = t0 + TimeUnit.MILLISECONDS.toNanos(WARMUP_MILLIS);
      long measureTo = measureFrom + TimeUnit.MILLISECONDS.toNanos(MEASURE_MILLIS);
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger offered = new AtomicInteger();
      AtomicInteger shed = new AtomicInteger();
      AtomicInteger timedOut = new AtomicInteger();
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (long i = 0; ; i++) {
        long at = t0 + i * periodNanos;
        if (at >= measureTo) {
          break;
        }
        long wait = at - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        boolean measured = at >= measureFrom;
        running.add(
            callers.submit(
                () -> {
                  long start = System.nanoTime();
                  try {
                    mesh.call("backend", MeshRequest.empty(), this::serve);
                    if (measured) {
                      latencies.add(System.nanoTime() - start);
                    }
                  } catch (AdaptiveLimitExceededException | ConcurrencyLimitExceededException e) {
                    if (measured) {
                      shed.incrementAndGet();
                    }
                  } catch (MeshTimeoutException e) {
                    if (measured) {
                      timedOut.incrementAndGet();
                    }
                  } finally {
                    if (measured) {
                      offered.incrementAndGet();
                    }
                  }
                }));
      }
      for (java.util.concurrent.Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
      int limitAtEnd =
          a.isPresent()
              ? (int) registry.get("mesh.concurrency.limit").gauge().value()
              : limits.map(ConcurrencyLimits::maxInFlight).orElse(Integer.MAX_VALUE);
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      double seconds = MEASURE_MILLIS / 1000.0;
      return new Row(
          name,
          100.0 * sorted.length / seconds / RATE_CAPACITY,
          100.0 * shed.get() / Math.max(1, offered.get()),
          100.0 * timedOut.get() / Math.max(1, offered.get()),
          at(sorted, 50),
          at(sorted, 99),
          limitAtEnd);
    } finally {
      callers.shutdownNow();
    }
  }

  private static long at(long[] sorted, double percentile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(sorted.length * percentile / 100.0) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Test
  void theAdaptiveLimitKeepsGoodputAndBoundsLatencyUnderThreeTimesOverload() throws Exception {
    Row adaptive =
        run(
            "adaptive (Vegas, defaults)",
            Optional.empty(),
            Optional.of(AdaptiveConcurrency.vegas().build()));
    awaitIdle(Duration.ofSeconds(10));
    Row exact =
        run(
            "static limit " + CAPACITY + " (the capacity)",
            Optional.of(ConcurrencyLimits.of(CAPACITY)),
            Optional.empty());
    awaitIdle(Duration.ofSeconds(10));
    Row loose =
        run(
            "static limit " + 8 * CAPACITY,
            Optional.of(ConcurrencyLimits.of(8 * CAPACITY)),
            Optional.empty());
    awaitIdle(Duration.ofSeconds(10));
    // Last: the backlog it leaves behind takes seconds to drain, on daemon threads.
    Row none = run("no limit", Optional.empty(), Optional.empty());
    System.out.printf(
        "%nOverload: a backend of %d at once x %d ms (%d calls/s) offered %dx, open loop, callers"
            + " give up after %d ms; %d ms measured after %d ms%n",
        CAPACITY,
        SERVICE_MILLIS,
        RATE_CAPACITY,
        OVERLOAD,
        TIMEOUT_MILLIS,
        MEASURE_MILLIS,
        WARMUP_MILLIS);
    System.out.printf(
        "| limit | goodput (of capacity) | shed | timed out | p50 ms | p99 ms | limit at end |%n"
            + "| --- | --- | --- | --- | --- | --- | --- |%n");
    for (Row r : List.of(none, exact, loose, adaptive)) {
      System.out.printf(
          "| %s | %.0f%% | %.0f%% | %.0f%% | %.1f | %.1f | %s |%n",
          r.name(),
          r.goodputPercent(),
          r.shedPercent(),
          r.timedOutPercent(),
          r.p50() / 1e6,
          r.p99() / 1e6,
          r.limitAtEnd() == Integer.MAX_VALUE ? "none" : Integer.toString(r.limitAtEnd()));
    }
    assertThat(none.goodputPercent())
        .as("without a limit the backend works for no one")
        .isLessThan(50);
    assertThat(adaptive.goodputPercent()).as("adaptive goodput").isGreaterThan(70);
    assertThat(adaptive.p99())
        .as("adaptive p99 of answered calls")
        .isLessThan(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS) * 6 / 10);
    assertThat(adaptive.shedPercent()).as("the overload is shed").isGreaterThan(40);
  }
}
