package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The single-container pod template a workload kind stamps its pods from ({@code spec.template}),
 * written the way {@link DeploymentSpec} writes its own: pod labels, the container's name, image,
 * command and args, env, ports, resources and probes. Kinds added after Deployment, StatefulSet and
 * Job ({@link DaemonSetSpec}) hold one instead of repeating the fields, and build it through {@link
 * PodTemplateBuilder}. Its values are validated by the spec that holds it (with {@link
 * DeploymentSpec}'s rules), because the rules name the spec's kind and name.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param labels the pod labels ({@code spec.template.metadata.labels})
 * @param command overrides the image's entrypoint when not empty (never run through a shell)
 * @param args overrides the image's command when not empty
 * @param serviceAccount {@code spec.serviceAccountName}, the identity the pods run as (see {@link
 *     ServiceAccountSpec}); empty for the namespace's {@code default} account
 */
public record PodTemplate(
    Map<String, String> labels,
    String containerName,
    String image,
    List<String> command,
    List<String> args,
    List<EnvVar> env,
    List<ContainerPort> ports,
    ResourceRequirements resources,
    Optional<Probe> livenessProbe,
    Optional<Probe> readinessProbe,
    Optional<String> serviceAccount) {

  public PodTemplate {
    labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
    Objects.requireNonNull(containerName, "containerName");
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    args = List.copyOf(Objects.requireNonNull(args, "args"));
    env = List.copyOf(Objects.requireNonNull(env, "env"));
    ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(livenessProbe, "livenessProbe");
    Objects.requireNonNull(readinessProbe, "readinessProbe");
    dev.cloudnative.kubernetes.internal.Validation.serviceAccountName("", serviceAccount);
  }

  /** A template running as the namespace's {@code default} account. */
  public PodTemplate(
      Map<String, String> labels,
      String containerName,
      String image,
      List<String> command,
      List<String> args,
      List<EnvVar> env,
      List<ContainerPort> ports,
      ResourceRequirements resources,
      Optional<Probe> livenessProbe,
      Optional<Probe> readinessProbe) {
    this(
        labels,
        containerName,
        image,
        command,
        args,
        env,
        ports,
        resources,
        livenessProbe,
        readinessProbe,
        Optional.empty());
  }
}
