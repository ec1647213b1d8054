package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adaptive concurrency limit through {@link ServiceMesh#call}: a call beyond the limit is shed
 * at once with {@link AdaptiveLimitExceededException} (service, limit, in flight; stop reason
 * {@code CONCURRENCY_LIMIT_REACHED}), never queued; the limit is a gauge; a service without the
 * policy has none of it.
 */
class AdaptiveConcurrencyTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ServiceMesh mesh;
  private ExecutorService callers;

  @BeforeEach
  void start() {
    mesh = ServiceMesh.builder().meterRegistry(registry).build();
    mesh.registry().register("svc", "v1", Endpoint.of("10.4.0.1", 8080));
    mesh.registry().register("other", "v1", Endpoint.of("10.4.0.2", 8080));
    callers = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    mesh.close();
  }

  @Test
  void aCallBeyondTheLimitIsShedAtOnceWithItsContext() throws Exception {
    // Initial limit 8: the first window probes at a quarter of it, 2.
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .adaptiveConcurrency(AdaptiveConcurrency.vegas().initialLimit(8).build())
            .build());
    assertThat(registry.get("mesh.concurrency.limit").tag("service", "svc").gauge().value())
        .isEqualTo(2);
    CountDownLatch inside = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> a =
        callers.submit(() -> mesh.call("svc", MeshRequest.empty(), e -> hold(inside, release)));
    Future<?> b =
        callers.submit(() -> mesh.call("svc", MeshRequest.empty(), e -> hold(inside, release)));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> mesh.call("svc", MeshRequest.empty(), Endpoint::id))
        .isInstanceOfSatisfying(
            AdaptiveLimitExceededException.class,
            e -> {
              assertThat(e.service()).isEqualTo("svc");
              assertThat(e.limit()).isEqualTo(2);
              assertThat(e.inFlight()).isEqualTo(2);
              assertThat(e.stopReason()).contains(StopReason.CONCURRENCY_LIMIT_REACHED);
              assertThat(e).hasMessageContaining("limit=2").hasMessageContaining("inFlight=2");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .as("shed, not queued")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(registry.get("mesh.concurrency.inflight").tag("service", "svc").gauge().value())
        .isEqualTo(2);
    release.countDown();
    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);
    assertThat(mesh.call("svc", MeshRequest.empty(), Endpoint::id)).isEqualTo("10.4.0.1:8080");
    assertThat(
            registry
                .get("mesh.concurrency.limit.rejections")
                .tag("service", "svc")
                .counter()
                .count())
        .isEqualTo(1);
    ServiceStats stats = mesh.stats("svc").orElseThrow();
    assertThat(stats.calls()).isEqualTo(4);
    assertThat(stats.stopReasons().get(StopReason.CONCURRENCY_LIMIT_REACHED)).isEqualTo(1);
    assertThat(stats.stopReasons().get(StopReason.SUCCEEDED)).isEqualTo(3);
    assertThat(registry.find("mesh.concurrency.limit").tag("service", "other").gauge())
        .as("a service without the policy has no limit")
        .isNull();
  }

  @Test
  void aNewPolicyRemovesTheLimitsMeters() {
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .adaptiveConcurrency(AdaptiveConcurrency.vegas().build())
            .build());
    assertThat(registry.find("mesh.concurrency.limit").gauge()).isNotNull();
    mesh.policy("svc", DestinationPolicy.ofDefaults());
    assertThat(registry.find("mesh.concurrency.limit").gauge()).isNull();
    assertThat(registry.find("mesh.concurrency.limit.rejections").counter()).isNull();
  }

  private static String hold(CountDownLatch inside, CountDownLatch release) {
    inside.countDown();
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "done";
  }
}
