package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link LeaderElector} competes for and how: the Lease, the identity, the three durations
 * of fabric8's and client-go's leader election, the callbacks. Build it with {@code
 * LeaderElectionConfig.custom().lease("shop", "orders-leader").identity(podName)...build()}.
 *
 * <p>Defaults are client-go's and fabric8's usual ones: {@code leaseDuration} 15 s, {@code
 * renewDeadline} 10 s, {@code retryPeriod} 2 s; no callbacks; the Lease released on close. The
 * rules checked by {@link Builder#build()} are fabric8's: {@code leaseDuration > renewDeadline >
 * retryPeriod * 1.2} (the candidates' jitter), all positive; a Lease name is a DNS-1123 subdomain.
 *
 * <p>Immutable and therefore thread-safe; the builder is not.
 *
 * @param namespace the Lease's namespace, {@code null} for the cluster's default
 * @param leaseName the Lease's name
 * @param identity this candidate's identity (a pod name, a host name and a UUID), unique among the
 *     candidates
 * @param leaseDuration how long after the holder's last renewal (as a candidate saw it) the Lease
 *     may be taken over
 * @param renewDeadline how long a leader keeps leading without a successful renewal
 * @param retryPeriod how often candidates try to acquire and leaders renew
 * @param onStartLeading runs when this elector starts leading
 * @param onStopLeading runs when it stops leading: the Lease was lost, not renewed in time, or the
 *     elector closed; the work started in {@code onStartLeading} must stop here
 * @param onNewLeader runs with the new holder's identity whenever the observed holder changes (this
 *     elector's own too)
 * @param releaseOnClose whether {@link LeaderElector#close()} releases a held Lease
 */
public record LeaderElectionConfig(
    String namespace,
    String leaseName,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    Runnable onStartLeading,
    Runnable onStopLeading,
    Consumer<String> onNewLeader,
    boolean releaseOnClose) {

  /** The candidates' retry jitter: a try waits between 1 and 1 + this times the retry period. */
  public static final double JITTER_FACTOR = 1.2;

  private static final String KIND = "Lease";

  /** Validates the components. */
  public LeaderElectionConfig {
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    Validation.subdomain(KIND, namespace, "metadata.name", leaseName);
    Objects.requireNonNull(identity, "identity");
    if (identity.isBlank()) {
      throw new IllegalArgumentException("identity is blank; allowed a non-blank unique name");
    }
    positive("leaseDuration", leaseDuration);
    positive("renewDeadline", renewDeadline);
    positive("retryPeriod", retryPeriod);
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException(
          "leaseDuration "
              + leaseDuration
              + " must be greater than renewDeadline "
              + renewDeadline
              + ", so a leader stops before its Lease can be taken over");
    }
    if (renewDeadline.toNanos() <= retryPeriod.toNanos() * JITTER_FACTOR) {
      throw new IllegalArgumentException(
          "renewDeadline "
              + renewDeadline
              + " must be greater than retryPeriod "
              + retryPeriod
              + " * "
              + JITTER_FACTOR
              + ", so a leader gets more than one renewal try");
    }
    if (leaseDuration.getNano() != 0) {
      throw new IllegalArgumentException(
          "leaseDuration must be whole seconds (spec.leaseDurationSeconds) but was "
              + leaseDuration);
    }
    Objects.requireNonNull(onStartLeading, "onStartLeading");
    Objects.requireNonNull(onStopLeading, "onStopLeading");
    Objects.requireNonNull(onNewLeader, "onNewLeader");
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + d);
    }
  }

  /** A builder with the defaults; {@link Builder#lease} and {@link Builder#identity} are needed. */
  public static Builder custom() {
    return new Builder();
  }

  /** The namespace the Lease lives in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** Builds a {@link LeaderElectionConfig}; not thread-safe. */
  public static final class Builder {
    private String namespace;
    private String leaseName;
    private String identity;
    private Duration leaseDuration = Duration.ofSeconds(15);
    private Duration renewDeadline = Duration.ofSeconds(10);
    private Duration retryPeriod = Duration.ofSeconds(2);
    private Runnable onStartLeading = () -> {};
    private Runnable onStopLeading = () -> {};
    private Consumer<String> onNewLeader = leader -> {};
    private boolean releaseOnClose = true;

    private Builder() {}

    /** The Lease {@code namespace/name} ({@code null} namespace: the cluster's default). */
    public Builder lease(String ns, String name) {
      this.namespace = ns;
      this.leaseName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The Lease {@code name} in the cluster's default namespace. */
    public Builder lease(String name) {
      return lease(null, name);
    }

    public Builder identity(String id) {
      this.identity = Objects.requireNonNull(id, "id");
      return this;
    }

    public Builder leaseDuration(Duration d) {
      this.leaseDuration = Objects.requireNonNull(d, "d");
      return this;
    }

    public Builder renewDeadline(Duration d) {
      this.renewDeadline = Objects.requireNonNull(d, "d");
      return this;
    }

    public Builder retryPeriod(Duration d) {
      this.retryPeriod = Objects.requireNonNull(d, "d");
      return this;
    }

    public Builder onStartLeading(Runnable callback) {
      this.onStartLeading = Objects.requireNonNull(callback, "callback");
      return this;
    }

    public Builder onStopLeading(Runnable callback) {
      this.onStopLeading = Objects.requireNonNull(callback, "callback");
      return this;
    }

    public Builder onNewLeader(Consumer<String> callback) {
      this.onNewLeader = Objects.requireNonNull(callback, "callback");
      return this;
    }

    /** Whether closing the elector releases a Lease it holds (default true). */
    public Builder releaseOnClose(boolean release) {
      this.releaseOnClose = release;
      return this;
    }

    /** Validates and freezes the configuration. */
    public LeaderElectionConfig build() {
      if (leaseName == null) {
        throw new IllegalArgumentException("no Lease given; call lease(namespace, name)");
      }
      if (identity == null) {
        throw new IllegalArgumentException("no identity given; call identity(uniqueName)");
      }
      return new LeaderElectionConfig(
          namespace,
          leaseName,
          identity,
          leaseDuration,
          renewDeadline,
          retryPeriod,
          onStartLeading,
          onStopLeading,
          onNewLeader,
          releaseOnClose);
    }
  }
}
