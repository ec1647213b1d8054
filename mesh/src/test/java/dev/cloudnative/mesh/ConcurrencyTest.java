package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Picks and records from many threads while the registry changes underneath never see a torn
 * snapshot or throw.
 */
class ConcurrencyTest {

  @Test
  void callsDuringRegistryChurn() throws Exception {
    for (LoadBalancingPolicy policy : LoadBalancingPolicy.values()) {
      churn(policy);
    }
  }

  private void churn(LoadBalancingPolicy policy) throws Exception {
    try (ServiceMesh mesh = ServiceMesh.builder().build()) {
      mesh.policy(
          "svc",
          DestinationPolicy.custom()
              .loadBalancing(policy)
              .outlierDetection(OutlierDetectionConfig.custom().consecutiveFailures(50).build())
              .retry(
                  RetryPolicy.custom()
                      .maxAttempts(2)
                      .retryOnException(t -> t instanceof IllegalStateException)
                      .backoff(java.time.Duration.ZERO, java.time.Duration.ZERO)
                      .build())
              .build());
      Set<String> known = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 5; i++) {
        Endpoint e = Endpoint.of("10.9.0." + i, 80, 1 + i);
        known.add(e.id());
        mesh.registry().register("svc", "stable", e);
      }
      for (int i = 0; i < 20; i++) {
        known.add(Endpoint.of("10.9.1." + i, 80).id());
      }
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong calls = new AtomicLong();
      Map<String, Long> seen = new ConcurrentHashMap<>();
      Thread[] callers = new Thread[4];
      for (int t = 0; t < callers.length; t++) {
        callers[t] =
            new Thread(
                () -> {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  while (!stop.get()) {
                    try {
                      MeshRequest request =
                          MeshRequest.builder().hashKey("k" + random.nextInt(100)).build();
                      Endpoint e =
                          mesh.call(
                              "svc",
                              request,
                              ep -> {
                                if (random.nextInt(100) == 0) {
                                  throw new IllegalStateException("transient");
                                }
                                return ep;
                              });
                      if (!e.id().equals(e.host() + ":" + e.port()) || !known.contains(e.id())) {
                        errors.add(new AssertionError("torn or unknown endpoint " + e));
                      }
                      seen.merge(e.id(), 1L, Long::sum);
                      calls.incrementAndGet();
                    } catch (UpstreamCallException expected) {
                      // two transient failures in a row: a legitimate outcome
                    } catch (Throwable unexpected) {
                      errors.add(unexpected);
                    }
                  }
                });
        callers[t].start();
      }
      long start = System.nanoTime();
      int round = 0;
      // At least 30 rounds of updates and 300 ms of overlap; the cap only guards a pathologically
      // slow machine.
      while ((round < 30 || System.nanoTime() - start < 300_000_000L)
          && System.nanoTime() - start < 20_000_000_000L) {
        Endpoint flappy = Endpoint.of("10.9.1." + (round % 20), 80, 1 + round % 7);
        mesh.registry().register("svc", "flappy", flappy);
        mesh.registry()
            .updateWeight("svc", "stable", "10.9.0." + (round % 5) + ":80", 1 + round % 9);
        mesh.registry().markHealthy("svc", "flappy", flappy.id(), round % 3 != 0);
        if (round % 4 == 0) {
          mesh.registry().deregister("svc", "flappy", "10.9.1." + ((round + 10) % 20) + ":80");
        }
        round++;
      }
      stop.set(true);
      for (Thread t : callers) {
        t.join(10_000);
      }
      assertThat(errors).as(policy + " errors").isEmpty();
      assertThat(calls.get()).isPositive();
      assertThat(round).isGreaterThanOrEqualTo(30);
      assertThat(seen.keySet())
          .as(policy + " picks reach the stable endpoints")
          .contains("10.9.0.4:80");
    }
  }
}
