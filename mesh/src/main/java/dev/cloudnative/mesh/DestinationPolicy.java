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
 * <p>Hedging: with {@code hedging}, an idempotent call without an answer after the policy's delay
 * is sent to another endpoint too, and the first answer wins ({@link HedgePolicy}). With {@code
 * adaptiveConcurrency}, the service's calls in flight are held to a limit that follows its latency,
 * and calls beyond it are shed ({@link AdaptiveConcurrency}).
 *
 * <p>Slow start: with {@code slowStart}, an endpoint that joins the service or comes back (healthy
 * again, returned from an ejection, an open circuit or a back-off) ramps its weight over a window
 * ({@link SlowStartConfig}, Envoy's {@code slow_start_config}).
 *
 * <p>Locality: with {@code locality} and a caller zone ({@link ServiceMesh.Builder#zone(String)}),
 * traffic prefers the caller's zone and spills over or fails over by Envoy's rules ({@link
 * LocalityConfig}).
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
    Optional<SlowStartConfig> slowStart,
    Optional<LocalityConfig> locality,
    Duration maxRetryAfter,
    Optional<HedgePolicy> hedging,
    Optional<AdaptiveConcurrency> adaptiveConcurrency) {

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
    Objects.requireNonNull(slowStart, "slowStart");
    Objects.requireNonNull(locality, "locality");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    Objects.requireNonNull(hedging, "hedging");
    Objects.requireNonNull(adaptiveConcurrency, "adaptiveConcurrency");
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
    private SlowStartConfig slowStart;
    private LocalityConfig locality;
    private Duration maxRetryAfter = Duration.ofMinutes(5);
    private HedgePolicy hedging;
    private AdaptiveConcurrency adaptiveConcurrency;

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
     * @param config slow start for the service's endpoints (default none: a new endpoint takes its
     *     full share at once): under round robin, random, least request and Peak-EWMA an endpoint
     *     that joins or comes back ramps its weight over the config's window
     */
    public Builder slowStart(SlowStartConfig config) {
      this.slowStart = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * @param config zone awareness (default none: zones are ignored): with a caller zone ({@link
     *     ServiceMesh.Builder#zone(String)}) the service's traffic prefers the endpoints of that
     *     zone and spills over or fails over by the config's Envoy rules
     */
    public Builder locality(LocalityConfig config) {
      this.locality = Objects.requireNonNull(config, "config");
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

    /**
     * @param policy hedged requests for the service's idempotent calls (default none: no call is
     *     hedged)
     */
    public Builder hedging(HedgePolicy policy) {
      this.hedging = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * @param limit an adaptive concurrency limit of the whole service, which sheds calls beyond it
     *     (default none)
     */
    public Builder adaptiveConcurrency(AdaptiveConcurrency limit) {
      this.adaptiveConcurrency = Objects.requireNonNull(limit, "limit");
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
          Optional.ofNullable(slowStart),
          Optional.ofNullable(locality),
          maxRetryAfter,
          Optional.ofNullable(hedging),
          Optional.ofNullable(adaptiveConcurrency));
    }
  }
}
