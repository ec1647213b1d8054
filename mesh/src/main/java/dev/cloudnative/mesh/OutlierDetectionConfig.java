package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * Outlier detection of a subset (Envoy's semantics). An endpoint is ejected after {@code
 * consecutiveFailures} failures in a row (checked on every call), or at each {@code interval} when
 * its success rate is more than {@code successRateStdevFactor} standard deviations below the subset
 * mean (among at least {@code successRateMinimumHosts} endpoints with {@code
 * successRateRequestVolume} calls), or its failure percentage reaches {@code
 * failurePercentageThreshold}. It stays out for {@code baseEjectionTime × ejections} (capped at
 * {@code maxEjectionTime}), and at most {@code maxEjectionPercent} of the subset is ejected at once
 * (but always at least one endpoint may be). Build with {@code
 * OutlierDetectionConfig.custom()...build()}. Immutable; thread-safe.
 */
public record OutlierDetectionConfig(
    int consecutiveFailures,
    Duration interval,
    Duration baseEjectionTime,
    Duration maxEjectionTime,
    int maxEjectionPercent,
    int successRateMinimumHosts,
    int successRateRequestVolume,
    double successRateStdevFactor,
    int failurePercentageThreshold,
    int failurePercentageMinimumHosts,
    int failurePercentageRequestVolume) {

  /** Failure-percentage ejection is off unless a threshold in 0..100 is set. */
  public static final int DISABLED = -1;

  public OutlierDetectionConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
    Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
    if (consecutiveFailures < 1) {
      throw new IllegalArgumentException(
          "consecutiveFailures was " + consecutiveFailures + "; allowed >= 1");
    }
    requirePositive("interval", interval);
    requirePositive("baseEjectionTime", baseEjectionTime);
    if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
      throw new IllegalArgumentException(
          "maxEjectionTime was "
              + maxEjectionTime
              + "; allowed >= baseEjectionTime ("
              + baseEjectionTime
              + ")");
    }
    if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
      throw new IllegalArgumentException(
          "maxEjectionPercent was " + maxEjectionPercent + "; allowed 0..100");
    }
    requireAtLeastOne("successRateMinimumHosts", successRateMinimumHosts);
    requireAtLeastOne("successRateRequestVolume", successRateRequestVolume);
    requireAtLeastOne("failurePercentageMinimumHosts", failurePercentageMinimumHosts);
    requireAtLeastOne("failurePercentageRequestVolume", failurePercentageRequestVolume);
    if (!(successRateStdevFactor > 0)) {
      throw new IllegalArgumentException(
          "successRateStdevFactor was " + successRateStdevFactor + "; allowed > 0");
    }
    if (failurePercentageThreshold != DISABLED
        && (failurePercentageThreshold < 0 || failurePercentageThreshold > 100)) {
      throw new IllegalArgumentException(
          "failurePercentageThreshold was "
              + failurePercentageThreshold
              + "; allowed 0..100 or DISABLED (-1)");
    }
  }

  private static void requireAtLeastOne(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " was " + value + "; allowed >= 1");
    }
  }

  private static void requirePositive(String what, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " was " + value + "; allowed a positive duration");
    }
  }

  /**
   * @return Envoy's defaults: 5 consecutive failures, 10 s interval, 30 s base ejection, 300 s max,
   *     10% max ejected
   */
  public static OutlierDetectionConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  /**
   * Builds an {@link OutlierDetectionConfig}; validation happens in {@link #build()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private int consecutiveFailures = 5;
    private Duration interval = Duration.ofSeconds(10);
    private Duration baseEjectionTime = Duration.ofSeconds(30);
    private Duration maxEjectionTime = Duration.ofSeconds(300);
    private int maxEjectionPercent = 10;
    private int successRateMinimumHosts = 5;
    private int successRateRequestVolume = 100;
    private double successRateStdevFactor = 1.9;
    private int failurePercentageThreshold = DISABLED;
    private int failurePercentageMinimumHosts = 5;
    private int failurePercentageRequestVolume = 50;

    private Builder() {}

    public Builder consecutiveFailures(int failures) {
      this.consecutiveFailures = failures;
      return this;
    }

    public Builder interval(Duration value) {
      this.interval = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder baseEjectionTime(Duration value) {
      this.baseEjectionTime = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder maxEjectionTime(Duration value) {
      this.maxEjectionTime = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder maxEjectionPercent(int percent) {
      this.maxEjectionPercent = percent;
      return this;
    }

    public Builder successRate(int minimumHosts, int requestVolume, double stdevFactor) {
      this.successRateMinimumHosts = minimumHosts;
      this.successRateRequestVolume = requestVolume;
      this.successRateStdevFactor = stdevFactor;
      return this;
    }

    public Builder failurePercentage(int thresholdPercent, int minimumHosts, int requestVolume) {
      this.failurePercentageThreshold = thresholdPercent;
      this.failurePercentageMinimumHosts = minimumHosts;
      this.failurePercentageRequestVolume = requestVolume;
      return this;
    }

    public OutlierDetectionConfig build() {
      return new OutlierDetectionConfig(
          consecutiveFailures,
          interval,
          baseEjectionTime,
          maxEjectionTime,
          maxEjectionPercent,
          successRateMinimumHosts,
          successRateRequestVolume,
          successRateStdevFactor,
          failurePercentageThreshold,
          failurePercentageMinimumHosts,
          failurePercentageRequestVolume);
    }
  }
}
