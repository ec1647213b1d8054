package dev.cloudnative.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pod-template half of a workload spec's builder, shared by the kinds that hold a {@link
 * PodTemplate} ({@link DaemonSetSpec.Builder}), so each sentence reads as {@link
 * DeploymentSpec.Builder}'s does: {@code running(image).withEnv(...).withPort(...)}. Defaults: pod
 * labels and selector {@code app=<name>}, the container named after the workload, no command, env,
 * ports, resources or probes.
 *
 * <p>Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every method
 */
public abstract class PodTemplateBuilder<B extends PodTemplateBuilder<B>> {
  private final String name;
  private String image;
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
  private String serviceAccount;

  /** A builder for the workload {@code name}, whose default labels and container it names. */
  protected PodTemplateBuilder(String name) {
    this.name = name;
  }

  /** This builder as its concrete type. */
  protected abstract B self();

  /** The workload's name. */
  protected final String name() {
    return name;
  }

  public B running(String containerImage) {
    this.image = containerImage;
    return self();
  }

  /** Adds pod labels on top of the default {@code app=<name>}. */
  public B withLabel(String key, String value) {
    labels.put(key, value);
    return self();
  }

  /**
   * Replaces the default selector {@code app=<name>}; every selector label must also be a pod
   * label.
   */
  public B selectedBy(Map<String, String> matchLabels) {
    this.selector = new LinkedHashMap<>(matchLabels);
    return self();
  }

  public B withContainerName(String container) {
    this.containerName = container;
    return self();
  }

  /** The container entrypoint as an argument list (never run through a shell). */
  public B withCommand(String... cmd) {
    this.command = new ArrayList<>(List.of(cmd));
    return self();
  }

  public B withArgs(String... arguments) {
    this.args = new ArrayList<>(List.of(arguments));
    return self();
  }

  public B withEnv(String key, String value) {
    env.add(EnvVar.literal(key, value));
    return self();
  }

  public B withEnv(EnvVar var) {
    env.add(Objects.requireNonNull(var, "var"));
    return self();
  }

  public B withEnvFromConfigMap(String key, String configMap, String configMapKey) {
    env.add(EnvVar.fromConfigMap(key, configMap, configMapKey));
    return self();
  }

  public B withEnvFromSecret(String key, String secret, String secretKey) {
    env.add(EnvVar.fromSecret(key, secret, secretKey));
    return self();
  }

  public B withPort(int containerPort) {
    ports.add(new ContainerPort("", containerPort, "TCP"));
    return self();
  }

  public B withPort(String portName, int containerPort) {
    ports.add(new ContainerPort(portName, containerPort, "TCP"));
    return self();
  }

  public B withResources(ResourceRequirements requirements) {
    this.resources = Objects.requireNonNull(requirements, "requirements");
    return self();
  }

  public B withLivenessProbe(Probe probe) {
    this.liveness = probe;
    return self();
  }

  public B withReadinessProbe(Probe probe) {
    this.readiness = probe;
    return self();
  }

  /**
   * The ServiceAccount the pods run as ({@code spec.serviceAccountName}); by default the
   * namespace's {@code default} account.
   */
  public B withServiceAccount(String serviceAccountName) {
    this.serviceAccount = serviceAccountName;
    return self();
  }

  /** Pre-fills this builder from a template and selector (for {@code toBuilder()}). */
  protected final void from(PodTemplate template, Map<String, String> matchLabels) {
    image = template.image();
    labels.clear();
    labels.putAll(template.labels());
    selector = new LinkedHashMap<>(matchLabels);
    containerName = template.containerName();
    command = new ArrayList<>(template.command());
    args = new ArrayList<>(template.args());
    env.clear();
    env.addAll(template.env());
    ports.clear();
    ports.addAll(template.ports());
    resources = template.resources();
    liveness = template.livenessProbe().orElse(null);
    readiness = template.readinessProbe().orElse(null);
    serviceAccount = template.serviceAccount().orElse(null);
  }

  /** The template as built so far: labels {@code app=<name>} plus those added. */
  protected final PodTemplate template() {
    Map<String, String> podLabels = new LinkedHashMap<>();
    podLabels.put("app", name.length() > 63 ? name.substring(0, 63) : name);
    podLabels.putAll(labels);
    String container =
        containerName != null
            ? containerName
            : name.replace('.', '-').substring(0, Math.min(63, name.length()));
    return new PodTemplate(
        podLabels,
        container,
        image,
        command,
        args,
        env,
        ports,
        resources,
        java.util.Optional.ofNullable(liveness),
        java.util.Optional.ofNullable(readiness),
        java.util.Optional.ofNullable(serviceAccount));
  }

  /** The selector: the one given, or {@code app=<name>}. */
  protected final Map<String, String> selector() {
    return selector != null
        ? selector
        : Map.of("app", name.length() > 63 ? name.substring(0, 63) : name);
  }
}
