package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of a single-container StatefulSet: replicas with stable ordinal names ({@code
 * <name>-0}, {@code <name>-1}, ...), started in order and updated from the highest ordinal down.
 * Build it as a sentence:
 *
 * <pre>{@code
 * StatefulSetSpec db = StatefulSetSpec.named("db").running("postgres:16").withReplicas(3)
 *     .inNamespace("shop").withPort("pg", 5432).withEnvFromSecret("POSTGRES_PASSWORD", "db", "pw")
 *     .withReadinessProbe(Probe.tcp(5432)).build();
 * }</pre>
 *
 * <p>Defaults: one replica, pod labels and selector {@code app=<name>}, governing service {@code
 * <name>}, container named after the set, update strategy {@code RollingUpdate} with partition 0,
 * pod management {@code OrderedReady}, no resources or probes, namespace unset (the cluster's
 * default namespace). Every value is validated by {@link Builder#build()} before any API call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param serviceName {@code spec.serviceName}: the headless service that gives the pods their DNS
 *     names
 * @param partition {@code spec.updateStrategy.rollingUpdate.partition}: pods with an ordinal below
 *     it keep the previous revision during an update
 * @param serviceAccount {@code spec.template.spec.serviceAccountName}, the identity the pods run as
 *     (see {@link ServiceAccountSpec}); empty for the namespace's {@code default} account
 */
public record StatefulSetSpec(
    String namespace,
    String name,
    String image,
    int replicas,
    Map<String, String> labels,
    Map<String, String> selector,
    String serviceName,
    String containerName,
    List<String> command,
    List<String> args,
    List<EnvVar> env,
    List<ContainerPort> ports,
    ResourceRequirements resources,
    Optional<Probe> readinessProbe,
    int partition,
    Optional<String> serviceAccount)
    implements ResourceSpec {

  private static final String KIND = "StatefulSet";

  public StatefulSetSpec {
    // pod names are <name>-<ordinal> and carry the name in a label: a DNS-1123 label
    Validation.label(KIND, namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    Validation.nonNegative(KIND, namespace, name, "spec.replicas", replicas);
    Validation.label(KIND, namespace, "spec.serviceName", serviceName);
    Validation.nonNegative(
        KIND, namespace, name, "spec.updateStrategy.rollingUpdate.partition", partition);
    Objects.requireNonNull(readinessProbe, "readinessProbe");
    // the pod template's own rules are DeploymentSpec's
    new DeploymentSpec(
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
        Optional.empty(),
        readinessProbe,
        RollingUpdate.DEFAULT,
        Map.of(),
        serviceAccount);
    labels = Map.copyOf(labels);
    selector = Map.copyOf(selector);
    command = List.copyOf(command);
    args = List.copyOf(args);
    env = List.copyOf(env);
    ports = List.copyOf(ports);
  }

  /** Starts a spec for the StatefulSet {@code name}. */
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
    b.serviceName = serviceName;
    b.containerName = containerName;
    b.command = new ArrayList<>(command);
    b.args = new ArrayList<>(args);
    b.env.addAll(env);
    b.ports.addAll(ports);
    b.resources = resources;
    b.readiness = readinessProbe.orElse(null);
    b.partition = partition;
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
    private String serviceName;
    private String containerName;
    private List<String> command = new ArrayList<>();
    private List<String> args = new ArrayList<>();
    private final List<EnvVar> env = new ArrayList<>();
    private final List<ContainerPort> ports = new ArrayList<>();
    private ResourceRequirements resources = ResourceRequirements.none();
    private Probe readiness;
    private int partition;
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

    /** Replaces the default selector; every selector label must also be a pod label. */
    public Builder selectedBy(Map<String, String> matchLabels) {
      this.selector = new LinkedHashMap<>(matchLabels);
      return this;
    }

    /** The governing headless service; defaults to the set's name. */
    public Builder withServiceName(String service) {
      this.serviceName = service;
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

    public Builder withEnvFromSecret(String key, String secret, String secretKey) {
      env.add(EnvVar.fromSecret(key, secret, secretKey));
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

    public Builder withReadinessProbe(Probe probe) {
      this.readiness = probe;
      return this;
    }

    /** Pods with an ordinal below {@code ordinal} keep the previous revision during an update. */
    public Builder withPartition(int ordinal) {
      this.partition = ordinal;
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
    public StatefulSetSpec build() {
      Validation.label(KIND, namespace, "metadata.name", name);
      Map<String, String> podLabels = new LinkedHashMap<>();
      podLabels.put("app", name);
      podLabels.putAll(labels);
      Map<String, String> sel = selector != null ? selector : Map.of("app", name);
      return new StatefulSetSpec(
          namespace,
          name,
          image,
          replicas,
          podLabels,
          sel,
          serviceName != null ? serviceName : name,
          containerName != null ? containerName : name,
          command,
          args,
          env,
          ports,
          resources,
          Optional.ofNullable(readiness),
          partition,
          Optional.ofNullable(serviceAccount));
    }
  }
}
