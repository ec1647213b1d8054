package dev.cloudnative.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.LatencySnapshot;
import dev.cloudnative.mesh.ServiceStats;
import dev.cloudnative.mesh.SubsetStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-window figures from the mesh's cumulative counters, rollouts that reset them included. */
class TrafficWindowTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void eachWindowReportsWhatHappenedSinceThePreviousOne() {
    TrafficWindow window = new TrafficWindow(0);

    assertThat(window.advance(SECOND, Optional.empty()).traffic()).isEmpty();

    TrafficWindow.Sample first = window.advance(2 * SECOND, stats(100, 10, 1_000_000));
    assertThat(first.window()).isEqualTo(Duration.ofSeconds(1));
    AppStatus.Traffic t = first.traffic().get(0);
    assertThat(t.version()).isEqualTo("stable");
    assertThat(t.requests()).isEqualTo(100);
    assertThat(t.requestsPerSecond()).isEqualTo(100.0);
    assertThat(t.errorShare()).isEqualTo(0.1);
    assertThat(t.p99()).hasValueSatisfying(p -> assertThat(p.toNanos()).isPositive());

    TrafficWindow.Sample second = window.advance(4 * SECOND, stats(150, 10, 1_000_000));
    assertThat(second.traffic().get(0).requests()).isEqualTo(50);
    assertThat(second.traffic().get(0).requestsPerSecond()).isEqualTo(25.0);
    assertThat(second.traffic().get(0).errorShare()).isZero();

    assertThat(window.advance(5 * SECOND, stats(150, 10, 1_000_000)).traffic()).isEmpty();
  }

  @Test
  void countsThatWentDownMeanReplacedEndpointsWhoseTrafficIsAllInTheWindow() {
    TrafficWindow window = new TrafficWindow(0);
    window.advance(SECOND, stats(500, 0, 1_000_000));

    TrafficWindow.Sample afterRollout = window.advance(2 * SECOND, stats(30, 3, 1_000_000));

    assertThat(afterRollout.traffic().get(0).requests()).isEqualTo(30);
    assertThat(afterRollout.traffic().get(0).errorShare()).isEqualTo(0.1);
  }

  private static Optional<ServiceStats> stats(long requests, long failures, long latencyNanos) {
    long[] counts = new long[LatencySnapshot.BUCKETS];
    counts[LatencySnapshot.bucketOf(latencyNanos)] = requests;
    LatencySnapshot latency =
        new LatencySnapshot(counts, requests, requests * latencyNanos, latencyNanos);
    SubsetStats subset =
        new SubsetStats("stable", requests, requests - failures, failures, 0, latency, List.of());
    return Optional.of(
        new ServiceStats("shop", requests, 0, 0, Optional.empty(), Map.of("stable", subset)));
  }
}
