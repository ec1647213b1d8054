package dev.cloudnative.core;

import dev.cloudnative.mesh.LatencySnapshot;
import dev.cloudnative.mesh.ServiceStats;
import dev.cloudnative.mesh.SubsetStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the mesh's cumulative per-subset counters into per-window figures for {@link AppStatus}:
 * each {@link #advance} subtracts the previous sample (counts and latency histograms alike), so the
 * rate, error share and p99 describe the last window rather than the application's whole life,
 * which is what a person polling a status wants to see move.
 *
 * <p>Not thread-safe: its application calls it under its own lock.
 */
final class TrafficWindow {

  /** The figures of one window, in version order. */
  record Sample(List<AppStatus.Traffic> traffic, Duration window) {}

  private long since;
  private Map<String, SubsetStats> previous = Map.of();

  TrafficWindow(long startNanos) {
    this.since = startNanos;
  }

  /** Starts the window over, e.g. when the application is deployed again. */
  void restart(long nowNanos, Optional<ServiceStats> now) {
    since = nowNanos;
    previous = now.map(ServiceStats::subsets).orElse(Map.of());
  }

  /** The window from the previous call (or the start) to {@code nowNanos}; then starts the next. */
  Sample advance(long nowNanos, Optional<ServiceStats> now) {
    Duration window = Duration.ofNanos(Math.max(0, nowNanos - since));
    Map<String, SubsetStats> current = now.map(ServiceStats::subsets).orElse(Map.of());
    List<AppStatus.Traffic> traffic = new ArrayList<>();
    for (Map.Entry<String, SubsetStats> e : new TreeMap<>(current).entrySet()) {
      SubsetStats is = e.getValue();
      SubsetStats was = previous.get(e.getKey());
      if (was != null && is.requests() < was.requests()) {
        // The mesh sums a subset over its current endpoints: pods replaced by a rollout or a
        // scale-down took their counts with them. What the current endpoints served all happened
        // since the previous sample, so it is the window's traffic (a lower bound of it).
        was = null;
      }
      long requests = is.requests() - (was == null ? 0 : was.requests());
      long failures = is.failures() - (was == null ? 0 : was.failures());
      if (requests <= 0) {
        continue;
      }
      LatencySnapshot latency =
          was == null ? is.latency() : difference(is.latency(), was.latency());
      double seconds = window.toNanos() / 1e9;
      traffic.add(
          new AppStatus.Traffic(
              e.getKey(),
              requests,
              seconds > 0 ? requests / seconds : 0,
              Math.min(1, Math.max(0, (double) failures / requests)),
              latency.count() == 0
                  ? Optional.empty()
                  : Optional.of(Duration.ofNanos(latency.percentileNanos(99)))));
    }
    since = nowNanos;
    previous = current;
    return new Sample(traffic, window);
  }

  // The histogram of the values recorded between two cumulative snapshots. The window's maximum is
  // not known, so the later snapshot's maximum bounds it (percentiles are capped by it).
  private static LatencySnapshot difference(LatencySnapshot later, LatencySnapshot earlier) {
    long[] a = later.counts();
    long[] b = earlier.counts();
    long[] d = new long[a.length];
    long count = 0;
    for (int i = 0; i < a.length; i++) {
      d[i] = Math.max(0, a[i] - b[i]);
      count += d[i];
    }
    return new LatencySnapshot(
        d, count, Math.max(0, later.sumNanos() - earlier.sumNanos()), later.maxNanos());
  }
}
