package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of a single-container Deployment. Build it as a sentence:
 *
 * <pre>{@code
 * DeploymentSpec web = DeploymentSpec.named("web").running("nginx:1.27").withReplicas(3)
 *     .inNamespace("shop").withEnv("MODE", "prod").withPort("http", 80)
 *     .withReadinessProbe(Probe.http("/", 80)).build();
 * }</pre>
 *
 * <p>Defaults: one replica, pod labels and selector {@code app=<name>}, container named after the
 * deployment, rolling update 25%/25%, no resources or probes, namespace unset (the cluster's
 * default namespace). Every value is validated by {@link Builder#build()} before any API call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param serviceAccount {@code spec.template.spec.serviceAccountName}, the identity the pods run as
 *     (see {@link ServiceAccountSpec}); empty for the namespace's {@code default} account
 */
public record DeploymentSpec(
    String namespace,
    String name,
    String image,
    int replicas,
    Map<String, String> labels,
    Map<String, String> selector,
    String containerName,
    List<String> command,
    List<String> args,
    List<EnvVar> env,
    List<ContainerPort> ports,
    ResourceRequirements resources,
    Optional<Probe> livenessProbe,
    Optional<Probe> readinessProbe,
    RollingUpdate strategy,
    Map<String, String> podAnnotations,
    Optional<String> serviceAccount)
    implements ResourceSpec {

  private static final String KIND = "Deployment";

  public DeploymentSpec {
    Validation.subdomain(KIND, namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    Validation.imageReference(
        KIND, namespace, name, "spec.template.spec.containers[0].image", image);
    Validation.nonNegative(KIND, namespace, name, "spec.replicas", replicas);
    labels = Validation.labels(KIND, namespace, name, "spec.template.metadata.labels", labels);
    selector = Validation.labels(KIND, namespace, name, "spec.selector.matchLabels", selector);
    if (selector.isEmpty()) {
      throw KubernetesInvalidException.rejected(
          KIND, namespace, name, "spec.selector.matchLabels", "the selector must not be empty");
    }
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        throw KubernetesInvalidException.rejected(
            KIND,
            namespace,
            name,
            "spec.selector.matchLabels",
            "selector "
                + e.getKey()
                + "="
                + e.getValue()
                + " does not match the pod labels "
                + labels);
      }
    }
    Validation.label(KIND, namespace, "spec.template.spec.containers[0].name", containerName);
    command = List.copyOf(command);
    args = List.copyOf(args);
    env = List.copyOf(env);
    for (EnvVar v : env) {
      Validation.envName(KIND, namespace, name, v.name());
    }
    ports = List.copyOf(ports);
    for (ContainerPort p : ports) {
      Validation.port(
          KIND, namespace, name, "spec.template.spec.containers[0].ports.containerPort", p.port());
      if (!p.name().isEmpty()
          && (p.name().length() > 15 || !p.name().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"))) {
        throw KubernetesInvalidException.rejected(
            KIND,
            namespace,
            name,
            "spec.template.spec.containers[0].ports.name",
            "'"
                + p.name()
                + "' is not a valid port name: at most 15 lower-case alphanumerics or '-'");
      }
    }
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(livenessProbe, "livenessProbe");
    Objects.requireNonNull(readinessProbe, "readinessProbe");
    Objects.requireNonNull(strategy, "strategy");
    podAnnotations = Map.copyOf(podAnnotations);
    Validation.serviceAccountName(namespace, serviceAccount);
  }

  /** A spec whose pods run as the namespace's {@code default} account (the 0.1 shape). */
  public DeploymentSpec(
      String namespace,
      String name,
      String image,
      int replicas,
      Map<String, String> labels,
      Map<String, String> selector,
      String containerName,
      List<String> command,
      List<String> args,
      List<EnvVar> env,
      List<ContainerPort> ports,
      ResourceRequirements resources,
      Optional<Probe> livenessProbe,
      Optional<Probe> readinessProbe,
      RollingUpdate strategy,
      Map<String, String> podAnnotations) {
    this(
        namespace,
        name,
        image,
        replicas,
        labels,
        selector,
        containerName,
        command,
        args,
        env,
        ports,
        resources,
        livenessProbe,
        readinessProbe,
        strategy,
        podAnnotations,
        Optional.empty());
  }

  /** Starts a spec for the deployment {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** A builder pre-filled with this spec, for small variations. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.namespace = namespace;
    b.image = image;
    b.replicas = replicas;
    b.labels.putAll(labels);
    b.selector = new LinkedHashMap<>(selector);
    b.containerName = containerName;
    b.command = new ArrayList<>(command);
    b.args = new ArrayList<>(args);
    b.env.addAll(env);
    b.ports.addAll(ports);
    b.resources = resources;
    b.liveness = livenessProbe.orElse(null);
    b.readiness = readinessProbe.orElse(null);
    b.strategy = strategy;
    b.podAnnotations.putAll(podAnnotations);
    b.serviceAccount = serviceAccount.orElse(null);
    return b;
  }

  /** The namespace this spec lands in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private String image;
    private int replicas = 1;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Map<String, String> selector;
    private String containerName;
    private List<String> command = new ArrayList<>();
    private List<String> args = new ArrayList<>();
    private final List<EnvVar> env = new ArrayList<>();
    private final List<ContainerPort> ports = new ArrayList<>();
    private ResourceRequirements resources = ResourceRequirements.none();
    private Probe liveness;
    private Probe readiness;
    private RollingUpdate strategy = RollingUpdate.DEFAULT;
    private final Map<String, String> podAnnotations = new LinkedHashMap<>();
    private String serviceAccount;

    private Builder(String name) {
      this.name = name;
    }

    public Builder running(String containerImage) {
      this.image = containerImage;
      return this;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    public Builder withReplicas(int count) {
      this.replicas = count;
      return this;
    }

    /** Adds pod labels on top of the default {@code app=<name>}. */
    public Builder withLabel(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /**
     * Replaces the default selector {@code app=<name>}; every selector label must also be a pod
     * label.
     */
    public Builder selectedBy(Map<String, String> matchLabels) {
      this.selector = new LinkedHashMap<>(matchLabels);
      return this;
    }

    public Builder withContainerName(String container) {
      this.containerName = container;
      return this;
    }

    /** The container entrypoint as an argument list (never run through a shell). */
    public Builder withCommand(String... cmd) {
      this.command = new ArrayList<>(List.of(cmd));
      return this;
    }

    public Builder withArgs(String... arguments) {
      this.args = new ArrayList<>(List.of(arguments));
      return this;
    }

    public Builder withEnv(String key, String value) {
      env.add(EnvVar.literal(key, value));
      return this;
    }

    public Builder withEnv(EnvVar var) {
      env.add(Objects.requireNonNull(var, "var"));
      return this;
    }

    public Builder withEnvFromConfigMap(String key, String configMap, String configMapKey) {
      env.add(EnvVar.fromConfigMap(key, configMap, configMapKey));
      return this;
    }

    public Builder withEnvFromSecret(String key, String secret, String secretKey) {
      env.add(EnvVar.fromSecret(key, secret, secretKey));
      return this;
    }

    public Builder withPort(int containerPort) {
      ports.add(new ContainerPort("", containerPort, "TCP"));
      return this;
    }

    public Builder withPort(String portName, int containerPort) {
      ports.add(new ContainerPort(portName, containerPort, "TCP"));
      return this;
    }

    public Builder withResources(ResourceRequirements requirements) {
      this.resources = Objects.requireNonNull(requirements, "requirements");
      return this;
    }

    public Builder withLivenessProbe(Probe probe) {
      this.liveness = probe;
      return this;
    }

    public Builder withReadinessProbe(Probe probe) {
      this.readiness = probe;
      return this;
    }

    public Builder rollingUpdate(RollingUpdate rollingUpdate) {
      this.strategy = Objects.requireNonNull(rollingUpdate, "rollingUpdate");
      return this;
    }

    public Builder withPodAnnotation(String key, String value) {
      podAnnotations.put(key, value);
      return this;
    }

    /**
     * The ServiceAccount the pods run as ({@code spec.template.spec.serviceAccountName}); by
     * default the namespace's {@code default} account.
     */
    public Builder withServiceAccount(String serviceAccountName) {
      this.serviceAccount = Objects.requireNonNull(serviceAccountName, "serviceAccountName");
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field.
     */
    public DeploymentSpec build() {
      Validation.subdomain(KIND, namespace, "metadata.name", name);
      Map<String, String> podLabels = new LinkedHashMap<>();
      podLabels.put("app", name.length() > 63 ? name.substring(0, 63) : name);
      podLabels.putAll(labels);
      Map<String, String> sel = selector != null ? selector : Map.of("app", podLabels.get("app"));
      String container =
          containerName != null
              ? containerName
              : name.replace('.', '-').substring(0, Math.min(63, name.length()));
      return new DeploymentSpec(
          namespace,
          name,
          image,
          replicas,
          podLabels,
          sel,
          container,
          command,
          args,
          env,
          ports,
          resources,
          Optional.ofNullable(liveness),
          Optional.ofNullable(readiness),
          strategy,
          podAnnotations,
          Optional.ofNullable(serviceAccount));
    }
  }
}
