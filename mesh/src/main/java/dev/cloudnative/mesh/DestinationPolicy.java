package dev.cloudnative.mesh;

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
    RetryPolicy retry) {

  private static final DestinationPolicy DEFAULTS = custom().build();

  public DestinationPolicy {
    Objects.requireNonNull(loadBalancing, "loadBalancing");
    Objects.requireNonNull(endpointCircuitBreaker, "endpointCircuitBreaker");
    Objects.requireNonNull(serviceCircuitBreaker, "serviceCircuitBreaker");
    Objects.requireNonNull(outlierDetection, "outlierDetection");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(retry, "retry");
    subsetLoadBalancing = subsetLoadBalancing == null ? Map.of() : Map.copyOf(subsetLoadBalancing);
    if (panicThresholdPercent < 0 || panicThresholdPercent > 100) {
      throw new IllegalArgumentException(
          "panicThresholdPercent was " + panicThresholdPercent + "; allowed 0..100");
    }
  }

  /**
   * @return round robin, default endpoint circuit breakers, no outlier detection, no limits, 50%
   *     panic, no retries
   */
  public static DestinationPolicy ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /**
   * @return the load-balancing policy of {@code subset}
   */
  public LoadBalancingPolicy loadBalancing(String subset) {
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

    private Builder() {}

    public Builder loadBalancing(LoadBalancingPolicy policy) {
      this.loadBalancing = policy;
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
      this.endpointCircuitBreaker = config;
      return this;
    }

    /**
     * @param config a circuit breaker over all calls of the service (after retries)
     */
    public Builder serviceCircuitBreaker(CircuitBreakerConfig config) {
      this.serviceCircuitBreaker = config;
      return this;
    }

    public Builder outlierDetection(OutlierDetectionConfig config) {
      this.outlierDetection = config;
      return this;
    }

    public Builder limits(ConcurrencyLimits value) {
      this.limits = value;
      return this;
    }

    public Builder panicThresholdPercent(int percent) {
      this.panicThresholdPercent = percent;
      return this;
    }

    public Builder retry(RetryPolicy policy) {
      this.retry = policy;
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
          retry);
    }
  }
}
