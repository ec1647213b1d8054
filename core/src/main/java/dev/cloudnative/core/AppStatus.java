package dev.cloudnative.core;

import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.RolloutVerdict;
import dev.cloudnative.mesh.ServiceStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of a deployed application across modules, from {@link Application#status()}: the
 * cluster's pods and rollout, the stored configuration, and the traffic the mesh routed to each
 * version since the previous snapshot. {@link #describe()} renders it for a person.
 *
 * <p>Immutable and thread-safe.
 *
 * @param application the application's name
 * @param namespace its namespace
 * @param image the stable version's image
 * @param rollout the stable deployment's rollout counters
 * @param canary the canary's version, image and traffic share, when one runs
 * @param pods every pod of the application (stable and canary)
 * @param desiredPods the pods the application's deployments ask for (stable and canary)
 * @param config the configuration as stored in the replicated store
 * @param traffic per version (mesh subset), what the mesh routed to it during {@code window}, in
 *     the version's name order; empty before the mesh saw any traffic
 * @param window the time {@code traffic} covers: since the application's previous {@code status()}
 *     (or since it was deployed, for the first one)
 * @param mesh the mesh's cumulative statistics for the service, once it has seen traffic
 */
public record AppStatus(
    String application,
    String namespace,
    String image,
    RolloutStatus rollout,
    Optional<Canary> canary,
    List<PodInfo> pods,
    int desiredPods,
    Map<String, String> config,
    List<Traffic> traffic,
    Duration window,
    Optional<ServiceStats> mesh) {

  public AppStatus {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(rollout, "rollout");
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(mesh, "mesh");
    if (desiredPods < 0) {
      throw new IllegalArgumentException("desiredPods must be >= 0, got " + desiredPods);
    }
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must not be negative, got " + window);
    }
    pods = List.copyOf(pods);
    config = Map.copyOf(config);
    traffic = List.copyOf(traffic);
  }

  /** How many pods are ready. */
  public long readyPods() {
    return pods.stream().filter(PodInfo::ready).count();
  }

  /** What {@code kubectl rollout status} would say about the stable deployment now. */
  public RolloutVerdict rolloutState() {
    return rollout.verdict();
  }

  /** The traffic of one version during {@link #window()}, if the mesh routed any to it. */
  public Optional<Traffic> traffic(String version) {
    Objects.requireNonNull(version, "version");
    return traffic.stream().filter(t -> t.version().equals(version)).findFirst();
  }

  /**
   * The status as a few lines a person reads: pods, rollout, images, one line of traffic per
   * version, and the stored configuration, e.g.
   *
   * <pre>
   * shop in default: 5/5 pods ready (5 desired); rollout done: deployment "default/shop"
   *     successfully rolled out
   *   image shop:2.0
   *   traffic over the last 1.2 s:
   *     stable  412.3 req/s  500 requests  0.0% errors  p99 1.9 ms
   *   config: currency=EUR, greeting=hello
   * </pre>
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    RolloutVerdict verdict = rolloutState();
    out.append(application)
        .append(" in ")
        .append(namespace)
        .append(": ")
        .append(readyPods())
        .append('/')
        .append(pods.size())
        .append(" pods ready (")
        .append(desiredPods)
        .append(" desired); rollout ")
        .append(verdict.state().name().toLowerCase(Locale.ROOT))
        .append(": ")
        .append(verdict.message())
        .append("\n  image ")
        .append(image);
    canary.ifPresent(
        c ->
            out.append("\n  canary ")
                .append(c.version())
                .append(" (")
                .append(c.image())
                .append(") takes ")
                .append(c.percent())
                .append("% of the traffic"));
    if (traffic.isEmpty()) {
      out.append("\n  no traffic through the mesh in the last ").append(seconds(window));
    } else {
      out.append("\n  traffic over the last ").append(seconds(window)).append(':');
      int width = traffic.stream().mapToInt(t -> t.version().length()).max().orElse(0);
      for (Traffic t : traffic) {
        out.append("\n    ").append(t.describe(width));
      }
    }
    if (!config.isEmpty()) {
      out.append("\n  config: ");
      String sep = "";
      for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
        out.append(sep).append(e.getKey()).append('=').append(e.getValue());
        sep = ", ";
      }
    }
    return out.toString();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
  }

  /**
   * A canary version running beside the stable one.
   *
   * <p>Immutable and thread-safe.
   *
   * @param version the version label, also the mesh subset
   * @param image its image
   * @param percent the share of traffic the mesh sends to it
   */
  public record Canary(String version, String image, int percent) {}

  /**
   * What the mesh routed to one version (subset) of the application during a status window; counts
   * are attempts (a retried call counts each try), as the mesh's subset statistics keep them.
   *
   * <p>Immutable and thread-safe.
   *
   * @param version the version label, which is the mesh subset ({@code stable} for the stable one)
   * @param requests attempts sent to the version's endpoints
   * @param requestsPerSecond {@code requests} over the window's length
   * @param errorShare failed attempts over attempts, 0..1 (0 without requests)
   * @param p99 the 99th percentile of the attempts' latency (empty without requests), from the
   *     mesh's log-linear histogram, so within one bucket (12.5%) of the exact value
   */
  public record Traffic(
      String version,
      long requests,
      double requestsPerSecond,
      double errorShare,
      Optional<Duration> p99) {

    public Traffic {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(p99, "p99");
      if (requests < 0) {
        throw new IllegalArgumentException("requests must be >= 0, got " + requests);
      }
      if (!(errorShare >= 0 && errorShare <= 1)) {
        throw new IllegalArgumentException("errorShare must be 0..1, got " + errorShare);
      }
      if (!(requestsPerSecond >= 0)) {
        throw new IllegalArgumentException(
            "requestsPerSecond must be >= 0, got " + requestsPerSecond);
      }
    }

    String describe(int versionWidth) {
      return String.format(
          Locale.ROOT,
          "%-" + Math.max(1, versionWidth) + "s  %.1f req/s  %d requests  %.1f%% errors  p99 %s",
          version,
          requestsPerSecond,
          requests,
          errorShare * 100,
          p99.map(d -> String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6)).orElse("-"));
    }
  }
}
