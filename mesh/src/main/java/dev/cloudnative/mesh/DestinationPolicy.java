package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How calls to one service are balanced and protected (Istio's DestinationRule plus the route's
 * retry policy): the load-balancing policy (overridable per subset), the circuit breaker of every
 * endpoint, an optional service-level circuit breaker, optional outlier detection, concurrency
 * limits per subset, the panic threshold and retries.
 *
 * <p>Panic threshold: when fewer than {@code panicThresholdPercent} of a subset's endpoints are
 * available, the subset balances over all of its endpoints, as Envoy does, rather than overloading
 * the few left. 0 disables panic mode.
 *
 * <p>Back-off: an endpoint that asked for it ({@code Retry-After} on a 429 or 503, told to the mesh
 * through {@link ServiceMesh#backOff}) takes no traffic for the time asked, at most {@code
 * maxRetryAfter}, whatever the balancer and even in panic mode. {@code peakEwma} tunes the subsets
 * balanced by {@link LoadBalancingPolicy#PEAK_EWMA}.
 *
 * <p>Build with {@code DestinationPolicy.custom()...build()}. Immutable; thread-safe.
 */
public record DestinationPolicy(
    LoadBalancingPolicy loadBalancing,
    Map<String, LoadBalancingPolicy> subsetLoadBalancing,
    CircuitBreakerConfig endpointCircuitBreaker,
    Optional<CircuitBreakerConfig> serviceCircuitBreaker,
    Optional<OutlierDetectionConfig> outlierDetection,
    ConcurrencyLimits limits,
    int panicThresholdPercent,
    RetryPolicy retry,
    PeakEwmaConfig peakEwma,
    Duration maxRetryAfter) {

  private static final DestinationPolicy DEFAULTS = custom().build();

  public DestinationPolicy {
    Objects.requireNonNull(loadBalancing, "loadBalancing");
    Objects.requireNonNull(subsetLoadBalancing, "subsetLoadBalancing");
    Objects.requireNonNull(endpointCircuitBreaker, "endpointCircuitBreaker");
    Objects.requireNonNull(serviceCircuitBreaker, "serviceCircuitBreaker");
    Objects.requireNonNull(outlierDetection, "outlierDetection");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(peakEwma, "peakEwma");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxRetryAfter.isNegative() || maxRetryAfter.isZero()) {
      throw new IllegalArgumentException(
          "maxRetryAfter was " + maxRetryAfter + "; allowed a positive duration");
    }
    subsetLoadBalancing = Map.copyOf(subsetLoadBalancing);
    if (panicThresholdPercent < 0 || panicThresholdPercent > 100) {
      throw new IllegalArgumentException(
          "panicThresholdPercent was " + panicThresholdPercent + "; allowed 0..100");
    }
  }

  /**
   * @return round robin, default endpoint circuit breakers, no outlier detection, no limits, 50%
   *     panic, no retries, default Peak-EWMA tuning, {@code Retry-After} honoured up to 5 min
   */
  public static DestinationPolicy ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /**
   * @return whether the service's or one of its subsets' policy is {@link
   *     LoadBalancingPolicy#PEAK_EWMA}, so that its endpoints keep latency estimates
   */
  public boolean usesPeakEwma() {
    return loadBalancing == LoadBalancingPolicy.PEAK_EWMA
        || subsetLoadBalancing.containsValue(LoadBalancingPolicy.PEAK_EWMA);
  }

  /**
   * @return the load-balancing policy of {@code subset}
   */
  public LoadBalancingPolicy loadBalancing(String subset) {
    Objects.requireNonNull(subset, "subset");
    return subsetLoadBalancing.getOrDefault(subset, loadBalancing);
  }

  /** Builds a {@link DestinationPolicy}. Not thread-safe. */
  public static final class Builder {
    private LoadBalancingPolicy loadBalancing = LoadBalancingPolicy.ROUND_ROBIN;
    private final Map<String, LoadBalancingPolicy> subsetLoadBalancing = new HashMap<>();
    private CircuitBreakerConfig endpointCircuitBreaker = CircuitBreakerConfig.ofDefaults();
    private CircuitBreakerConfig serviceCircuitBreaker;
    private OutlierDetectionConfig outlierDetection;
    private ConcurrencyLimits limits = ConcurrencyLimits.UNLIMITED;
    private int panicThresholdPercent = 50;
    private RetryPolicy retry = RetryPolicy.none();
    private PeakEwmaConfig peakEwma = PeakEwmaConfig.ofDefaults();
    private Duration maxRetryAfter = Duration.ofMinutes(5);

    private Builder() {}

    public Builder loadBalancing(LoadBalancingPolicy policy) {
      this.loadBalancing = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder loadBalancing(String subset, LoadBalancingPolicy policy) {
      subsetLoadBalancing.put(
          Objects.requireNonNull(subset, "subset"), Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * @param config the circuit breaker every endpoint of the service gets
     */
    public Builder circuitBreaker(CircuitBreakerConfig config) {
      this.endpointCircuitBreaker = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * @param config a circuit breaker over all calls of the service (after retries)
     */
    public Builder serviceCircuitBreaker(CircuitBreakerConfig config) {
      this.serviceCircuitBreaker = Objects.requireNonNull(config, "config");
      return this;
    }

    public Builder outlierDetection(OutlierDetectionConfig config) {
      this.outlierDetection = Objects.requireNonNull(config, "config");
      return this;
    }

    public Builder limits(ConcurrencyLimits value) {
      this.limits = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder panicThresholdPercent(int percent) {
      this.panicThresholdPercent = percent;
      return this;
    }

    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * @param config the tuning of {@link LoadBalancingPolicy#PEAK_EWMA} (default {@link
     *     PeakEwmaConfig#ofDefaults()}); used by the subsets balanced by it
     */
    public Builder peakEwma(PeakEwmaConfig config) {
      this.peakEwma = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * @param maxRetryAfter the longest back-off an endpoint's {@code Retry-After} is honoured for
     *     ({@link ServiceMesh#backOff}); longer requests are cut to it (default 5 min, positive)
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    public DestinationPolicy build() {
      return new DestinationPolicy(
          loadBalancing,
          subsetLoadBalancing,
          endpointCircuitBreaker,
          Optional.ofNullable(serviceCircuitBreaker),
          Optional.ofNullable(outlierDetection),
          limits,
          panicThresholdPercent,
          retry,
          peakEwma,
          maxRetryAfter);
    }
  }
}
