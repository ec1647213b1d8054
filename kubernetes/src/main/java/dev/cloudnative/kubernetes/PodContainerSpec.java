package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PodRuntime} starts for one pod: the pod template's container, with the pod's
 * identity.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param container the container's name
 * @param image the image reference
 * @param command overrides the image's entrypoint when not empty
 * @param args overrides the image's command when not empty
 * @param env environment variables, in order
 * @param ports container ports to publish on loopback
 * @param labels the pod's labels
 * @param workingDir the container's working directory, empty for the image's own
 * @param mounts node directories to bind-mount read-write (a Job's {@code hostPath} volumes), in
 *     order; the runtime's node is this machine
 */
public record PodContainerSpec(
    String namespace,
    String pod,
    String container,
    String image,
    List<String> command,
    List<String> args,
    Map<String, String> env,
    List<Integer> ports,
    Map<String, String> labels,
    Optional<String> workingDir,
    List<HostPathMount> mounts) {

  public PodContainerSpec {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(image, "image");
    command = List.copyOf(command);
    args = List.copyOf(args);
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    ports = List.copyOf(ports);
    labels = Map.copyOf(labels);
    Objects.requireNonNull(workingDir, "workingDir");
    mounts = List.copyOf(mounts);
  }

  /** A container without working directory or mounts (a Deployment's or StatefulSet's pod). */
  public PodContainerSpec(
      String namespace,
      String pod,
      String container,
      String image,
      List<String> command,
      List<String> args,
      Map<String, String> env,
      List<Integer> ports,
      Map<String, String> labels) {
    this(
        namespace,
        pod,
        container,
        image,
        command,
        args,
        env,
        ports,
        labels,
        Optional.empty(),
        List.of());
  }
}
