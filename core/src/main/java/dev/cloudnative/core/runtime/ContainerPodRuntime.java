package dev.cloudnative.core.runtime;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerInfo;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.InvalidSpecException;
import dev.cloudnative.docker.Mount;
import dev.cloudnative.docker.PortBinding;
import dev.cloudnative.kubernetes.HostPathMount;
import dev.cloudnative.kubernetes.PodContainer;
import dev.cloudnative.kubernetes.PodContainerSpec;
import dev.cloudnative.kubernetes.PodRuntime;
import dev.cloudnative.kubernetes.PodStartException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the in-memory cluster's pods as containers of a {@link ContainerEngine}: what the kubelet
 * does with a container runtime, on this machine. Each pod's container is created from the pod
 * template (the template's command replaces the image's entrypoint and its args the image's
 * command, as in Kubernetes), with every container port published on {@code 127.0.0.1} at a free
 * port, and labelled with the pod's identity ({@code io.kubernetes.pod.namespace}, {@code
 * io.kubernetes.pod.name}) and labels. A Job's working directory applies, and its {@code hostPath}
 * volumes are bind mounts of this machine's directories (this machine is the node).
 *
 * <p>Images follow the {@code IfNotPresent} pull policy: an image the engine has is used as is;
 * otherwise it is pulled, and when that fails the pod reports {@code ErrImagePull}. The kubelet,
 * not the engine, restarts exited containers, so containers are created without a restart policy.
 *
 * <p>Only an engine that publishes ports on this machine's loopback can serve as a runtime; {@link
 * #on} refuses any other, so that the cluster never hands out an address it cannot reach.
 *
 * <p>Thread-safe: the engine is.
 */
public final class ContainerPodRuntime implements PodRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerPodRuntime.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(5);

  private final ContainerEngine engine;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);

  private ContainerPodRuntime(ContainerEngine engine) {
    this.engine = engine;
  }

  /**
   * A runtime over {@code engine}.
   *
   * @throws IllegalArgumentException if the engine publishes ports somewhere other than this
   *     machine's loopback (a remote engine): its containers would not be reachable at the
   *     addresses the cluster hands out
   */
  public static ContainerPodRuntime on(ContainerEngine engine) {
    Objects.requireNonNull(engine, "engine");
    String host = engine.publishedPortHost();
    if (!isLoopback(host)) {
      throw new IllegalArgumentException(
          "container engine "
              + engine
              + " publishes ports on "
              + host
              + "; a pod runtime needs an engine that publishes on this machine's loopback (a local"
              + " Docker or Podman)");
    }
    return new ContainerPodRuntime(engine);
  }

  private static boolean isLoopback(String host) {
    try {
      // a literal or localhost: resolving either never leaves this machine
      return (host.equals("localhost") || Character.isDigit(host.charAt(0)) || host.contains(":"))
          && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public PodContainer start(PodContainerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ensureImage(spec);
    ContainerSpec container = containerSpec(spec);
    String id;
    try {
      id = engine.create(container);
    } catch (DockerException e) {
      throw new PodStartException(
          "cannot create the container of pod "
              + spec.namespace()
              + "/"
              + spec.pod()
              + ": "
              + e.getMessage(),
          spec.namespace(),
          spec.pod(),
          PodStartException.CREATE_CONTAINER_ERROR,
          e);
    }
    try {
      engine.start(id);
      ContainerInfo info = engine.inspect(id);
      Map<Integer, Integer> ports = new LinkedHashMap<>();
      for (int port : spec.ports()) {
        ports.put(port, info.mappedPort(port));
      }
      LOG.debug(
          "pod {}/{} runs as container {} with ports {}", spec.namespace(), spec.pod(), id, ports);
      return new EngineContainer(engine, id, LOOPBACK, ports, spec.namespace(), spec.pod());
    } catch (DockerException e) {
      engine.remove(id, true, true);
      throw new PodStartException(
          "cannot start the container of pod "
              + spec.namespace()
              + "/"
              + spec.pod()
              + ": "
              + e.getMessage(),
          spec.namespace(),
          spec.pod(),
          PodStartException.CREATE_CONTAINER_ERROR,
          e);
    }
  }

  /**
   * The container of the pod. The pod template is data the cluster was given, not this runtime's
   * caller's code: a value the container engine refuses (a label or environment name outside its
   * grammar) is the pod's {@code CreateContainerError}, as a kubelet reports it, not an exception
   * out of the kubelet.
   */
  private ContainerSpec containerSpec(PodContainerSpec spec) {
    try {
      ContainerSpec.Builder b =
          ContainerSpec.builder(spec.image())
              .name(containerName(spec))
              .label("io.kubernetes.pod.namespace", spec.namespace())
              .label("io.kubernetes.pod.name", spec.pod())
              .label("io.kubernetes.container.name", spec.container())
              .labels(spec.labels());
      if (!spec.command().isEmpty()) {
        b.entrypoint(spec.command());
      }
      if (!spec.args().isEmpty()) {
        b.command(spec.args());
      }
      b.env(spec.env());
      spec.workingDir().ifPresent(b::workingDir);
      // hostPath volumes: this machine is the runtime's node, so a node directory is a bind mount
      for (HostPathMount m : spec.mounts()) {
        b.mount(Mount.bind(m.hostPath(), m.mountPath()));
      }
      for (int port : spec.ports()) {
        b.publish(new PortBinding(port, "tcp", 0, LOOPBACK));
      }
      return b.build();
    } catch (InvalidSpecException e) {
      throw new PodStartException(
          "the container of pod "
              + spec.namespace()
              + "/"
              + spec.pod()
              + " cannot be created from its template: "
              + e.getMessage(),
          spec.namespace(),
          spec.pod(),
          PodStartException.CREATE_CONTAINER_ERROR,
          e);
    }
  }

  /**
   * IfNotPresent: use the engine's image, or pull it; a failure is the pod's ErrImagePull. An image
   * reference outside Docker's grammar can be neither found nor pulled: it is the pod's failure
   * too, not an exception out of the kubelet.
   */
  private void ensureImage(PodContainerSpec spec) {
    try {
      if (engine.findImage(spec.image()).isPresent()) {
        return;
      }
      LOG.info("pod {}/{}: pulling image {}", spec.namespace(), spec.pod(), spec.image());
      engine.pull(spec.image(), Optional.empty(), PULL_TIMEOUT);
    } catch (DockerException e) {
      throw new PodStartException(
          "image "
              + spec.image()
              + " of pod "
              + spec.namespace()
              + "/"
              + spec.pod()
              + " is not on "
              + engine
              + " and cannot be pulled: "
              + e.getMessage(),
          spec.namespace(),
          spec.pod(),
          PodStartException.ERR_IMAGE_PULL,
          e);
    } catch (InvalidSpecException e) {
      throw new PodStartException(
          "image "
              + spec.image()
              + " of pod "
              + spec.namespace()
              + "/"
              + spec.pod()
              + " is not a valid image reference: "
              + e.getMessage(),
          spec.namespace(),
          spec.pod(),
          PodStartException.ERR_IMAGE_PULL,
          e);
    }
  }

  /**
   * The kubelet's naming ({@code k8s_<container>_<pod>_<namespace>_<instance>}), unique per runtime
   * instance.
   */
  private String containerName(PodContainerSpec spec) {
    String name =
        "k8s_" + spec.container() + "_" + spec.pod() + "_" + spec.namespace() + "_" + instance;
    return name.length() <= 128 ? name : name.substring(0, 119) + "_" + instance;
  }

  @Override
  public String describe() {
    return engine.toString();
  }

  @Override
  public String toString() {
    return "ContainerPodRuntime[" + engine + "]";
  }
}
