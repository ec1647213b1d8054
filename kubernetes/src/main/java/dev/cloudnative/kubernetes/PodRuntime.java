package dev.cloudnative.kubernetes;

/**
 * Runs the containers of an in-memory cluster's pods as real local workloads: the kubelet's
 * container runtime interface, reduced to what a single-container pod needs. The kubernetes module
 * only defines it, so that it stays independent of any container engine; {@code cloudnative-core}
 * plugs a {@code ContainerEngine} (Docker, Podman or the in-memory engine) into it.
 *
 * <p>The cluster calls {@link #start} outside its own lock, possibly from several threads at once.
 *
 * <p>Implementations are thread-safe.
 */
public interface PodRuntime {

  /**
   * Starts the pod's container and returns once it is started (not necessarily ready). Its
   * container ports must be published on a loopback address.
   *
   * @throws PodStartException when the container cannot start, with the kubelet's reason ({@code
   *     ErrImagePull} for an image that is neither present nor pullable, {@code
   *     CreateContainerError} otherwise)
   */
  PodContainer start(PodContainerSpec spec);

  /** A short description for logs and status, e.g. {@code "docker unix:///var/run/docker.sock"}. */
  String describe();
}
