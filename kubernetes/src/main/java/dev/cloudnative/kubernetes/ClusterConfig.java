package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an API server, and client behaviour. Three starting points:
 *
 * <pre>{@code
 * ClusterConfig.kubeconfig().build();     // ~/.kube/config (or $KUBECONFIG), current context
 * ClusterConfig.kubeconfig(Path.of("ci.yaml")).context("kind-ci").build();
 * ClusterConfig.inCluster().build();      // the pod's service account
 * ClusterConfig.master("https://10.0.0.1:6443").token(t).caCertPem(ca).namespace("shop").build();
 * }</pre>
 *
 * <p>The namespace defaults to the kubeconfig context's (or the service account's) namespace, else
 * {@code default}. Requests are retried {@code retryBackoffLimit} times with exponential back-off;
 * tests set it to 0 so failures surface at once.
 *
 * <p>The meter registry (none by default: the cluster holds no meters) receives the {@code
 * kubernetes.operation.duration} timer; the observation registry ({@link ObservationRegistry#NOOP}
 * by default) one {@code kubernetes.<operation>} observation per call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe. {@link #toString()} hides
 * credentials.
 */
public final class ClusterConfig {

  /** Where the connection settings come from. Immutable enum, thread-safe. */
  public enum Source {
    KUBECONFIG,
    IN_CLUSTER,
    EXPLICIT
  }

  private final Source source;
  private final Path kubeconfig;
  private final String context;
  private final Path serviceAccountDir;
  private final String masterUrl;
  private final String token;
  private final String caCertPem;
  private final String clientCertPem;
  private final String clientKeyPem;
  private final boolean trustCerts;
  private final String namespace;
  private final Duration requestTimeout;
  private final Duration connectTimeout;
  private final int retryBackoffLimit;
  private final Duration retryBackoffInterval;
  private final String fieldManager;
  private final boolean forceConflicts;
  private final Duration rolloutPollInterval;
  private final MeterRegistry meterRegistry;
  private final ObservationRegistry observationRegistry;

  private ClusterConfig(Builder b) {
    this.source = b.source;
    this.kubeconfig = b.kubeconfig;
    this.context = b.context;
    this.serviceAccountDir = b.serviceAccountDir;
    this.masterUrl = b.masterUrl;
    this.token = b.token;
    this.caCertPem = b.caCertPem;
    this.clientCertPem = b.clientCertPem;
    this.clientKeyPem = b.clientKeyPem;
    this.trustCerts = b.trustCerts;
    this.namespace = b.namespace;
    this.requestTimeout = b.requestTimeout;
    this.connectTimeout = b.connectTimeout;
    this.retryBackoffLimit = b.retryBackoffLimit;
    this.retryBackoffInterval = b.retryBackoffInterval;
    this.fieldManager = b.fieldManager;
    this.forceConflicts = b.forceConflicts;
    this.rolloutPollInterval = b.rolloutPollInterval;
    this.meterRegistry = b.meterRegistry;
    this.observationRegistry = b.observationRegistry;
  }

  /** The kubeconfig from {@code $KUBECONFIG} or {@code ~/.kube/config}, current context. */
  public static Builder kubeconfig() {
    return new Builder(Source.KUBECONFIG);
  }

  /**
   * The kubeconfig file at {@code file}, current context unless {@link Builder#context} names one.
   */
  public static Builder kubeconfig(Path file) {
    Builder b = new Builder(Source.KUBECONFIG);
    b.kubeconfig = Objects.requireNonNull(file, "file");
    return b;
  }

  /**
   * The pod's service account: token, CA and namespace from {@code
   * /var/run/secrets/kubernetes.io/serviceaccount}, API server from {@code
   * KUBERNETES_SERVICE_HOST}/{@code KUBERNETES_SERVICE_PORT}. The token file is re-read on every
   * request so rotated (projected) tokens keep working.
   */
  public static Builder inCluster() {
    return new Builder(Source.IN_CLUSTER);
  }

  /** An explicit API server URL; add a token or client certificate. */
  public static Builder master(String url) {
    Builder b = new Builder(Source.EXPLICIT);
    b.masterUrl = url;
    return b;
  }

  public Source source() {
    return source;
  }

  public Optional<Path> kubeconfigFile() {
    return Optional.ofNullable(kubeconfig);
  }

  public Optional<String> context() {
    return Optional.ofNullable(context);
  }

  public Path serviceAccountDir() {
    return serviceAccountDir;
  }

  public Optional<String> masterUrl() {
    return Optional.ofNullable(masterUrl);
  }

  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  public Optional<String> caCertPem() {
    return Optional.ofNullable(caCertPem);
  }

  public Optional<String> clientCertPem() {
    return Optional.ofNullable(clientCertPem);
  }

  public Optional<String> clientKeyPem() {
    return Optional.ofNullable(clientKeyPem);
  }

  public boolean trustCerts() {
    return trustCerts;
  }

  /** An explicit namespace overriding the context's; empty to use the context's. */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public int retryBackoffLimit() {
    return retryBackoffLimit;
  }

  public Duration retryBackoffInterval() {
    return retryBackoffInterval;
  }

  /** The field manager named in server-side apply requests. */
  public String fieldManager() {
    return fieldManager;
  }

  /** Whether server-side apply takes ownership of fields another manager owns. */
  public boolean forceConflicts() {
    return forceConflicts;
  }

  /** How often a rollout wait re-reads the deployment. */
  public Duration rolloutPollInterval() {
    return rolloutPollInterval;
  }

  /** Where the cluster records {@code kubernetes.operation.duration}; empty: no meters. */
  public Optional<MeterRegistry> meterRegistry() {
    return Optional.ofNullable(meterRegistry);
  }

  /** Where the cluster reports {@code kubernetes.<operation>} observations. */
  public ObservationRegistry observationRegistry() {
    return observationRegistry;
  }

  @Override
  public String toString() {
    return "ClusterConfig[source="
        + source
        + ", kubeconfig="
        + kubeconfig
        + ", context="
        + context
        + ", master="
        + masterUrl
        + ", token="
        + (token == null ? "none" : "***")
        + ", namespace="
        + namespace
        + ", requestTimeout="
        + requestTimeout
        + ", retryBackoffLimit="
        + retryBackoffLimit
        + ", fieldManager="
        + fieldManager
        + "]";
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final Source source;
    private Path kubeconfig;
    private String context;
    private Path serviceAccountDir = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    private String masterUrl;
    private String token;
    private String caCertPem;
    private String clientCertPem;
    private String clientKeyPem;
    private boolean trustCerts;
    private String namespace;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int retryBackoffLimit = 3;
    private Duration retryBackoffInterval = Duration.ofMillis(500);
    private String fieldManager = "cloudnative";
    private boolean forceConflicts = true;
    private Duration rolloutPollInterval = Duration.ofMillis(500);
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private Builder(Source source) {
      this.source = source;
    }

    /** A kubeconfig context other than the current one. */
    public Builder context(String name) {
      this.context = Validation.notBlank("Config", "", "", "context", name);
      return this;
    }

    /** Where the service account files are mounted (in-cluster only). */
    public Builder serviceAccountDir(Path dir) {
      this.serviceAccountDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Overrides the API server URL (for in-cluster: instead of the KUBERNETES_SERVICE_* variables).
     */
    public Builder masterUrl(String url) {
      this.masterUrl = url;
      return this;
    }

    public Builder token(String bearerToken) {
      this.token = bearerToken;
      return this;
    }

    public Builder caCertPem(String pem) {
      this.caCertPem = pem;
      return this;
    }

    public Builder clientCertificate(String certPem, String keyPem) {
      this.clientCertPem = certPem;
      this.clientKeyPem = keyPem;
      return this;
    }

    /** Skips server certificate verification; for local test clusters only. */
    public Builder trustAllCertificates() {
      this.trustCerts = true;
      return this;
    }

    public Builder namespace(String ns) {
      this.namespace = Validation.namespace(ns);
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** Retries of a failed request (connection errors, 5xx); 0 disables retrying. */
    public Builder retries(int limit, Duration backoffInterval) {
      if (limit < 0) {
        throw KubernetesInvalidException.rejected(
            "Config", "", "", "retryBackoffLimit", "must be 0 or more, found " + limit);
      }
      this.retryBackoffLimit = limit;
      this.retryBackoffInterval = positive("retryBackoffInterval", backoffInterval);
      return this;
    }

    public Builder fieldManager(String manager) {
      this.fieldManager = Validation.notBlank("Config", "", "", "fieldManager", manager);
      return this;
    }

    public Builder forceConflicts(boolean force) {
      this.forceConflicts = force;
      return this;
    }

    public Builder rolloutPollInterval(Duration interval) {
      this.rolloutPollInterval = positive("rolloutPollInterval", interval);
      return this;
    }

    /** Where the cluster records {@code kubernetes.operation.duration}; none by default. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Where the cluster reports one {@code kubernetes.<operation>} observation per call; {@link
     * ObservationRegistry#NOOP} by default.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    public ClusterConfig build() {
      if (source == Source.EXPLICIT) {
        Validation.notBlank("Config", "", "", "masterUrl", masterUrl);
        if (!masterUrl.startsWith("https://") && !masterUrl.startsWith("http://")) {
          throw KubernetesInvalidException.rejected(
              "Config",
              "",
              "",
              "masterUrl",
              "'" + masterUrl + "' must start with https:// or http://");
        }
      }
      if ((clientCertPem == null) != (clientKeyPem == null)) {
        throw KubernetesInvalidException.rejected(
            "Config",
            "",
            "",
            "clientCertificate",
            "a client certificate needs both the certificate and the key");
      }
      return new ClusterConfig(this);
    }

    private static Duration positive(String field, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw KubernetesInvalidException.rejected(
            "Config", "", "", field, "must be positive, found " + d);
      }
      return d;
    }
  }
}
