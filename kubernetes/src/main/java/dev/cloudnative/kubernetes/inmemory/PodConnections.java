package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.ExecResult;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.PodContainer;
import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.PortForward;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code exec} and {@code port-forward} into the pods of an in-memory cluster whose pods a {@link
 * dev.cloudnative.kubernetes.PodRuntime} runs: the command runs in the pod's container through the
 * runtime, and a forward relays loopback connections to the port the runtime published the pod's
 * port on. The container is looked up under the lock and called outside it (the runtime may be a
 * remote engine). A forward resolves the pod's container again for every connection, so it follows
 * a container the kubelet restarted and refuses connections once the pod is gone, as a forward to a
 * deleted pod fails. A simulated pod has no process and an invented address, so both are refused
 * there.
 *
 * <p>Thread-safe: state is read under the {@link ClusterState} lock.
 */
final class PodConnections {

  private final ClusterState state;
  private final boolean runtime;

  PodConnections(ClusterState state, boolean runtime) {
    this.state = state;
    this.runtime = runtime;
  }

  ExecResult exec(String namespace, String pod, List<String> command, Duration timeout) {
    return container(namespace, pod, "exec into").exec(command, timeout);
  }

  PortForward portForward(String namespace, String pod, int podPort) {
    String ns = state.locked(() -> state.ns(namespace));
    target(ns, pod, podPort); // fails now for a pod that is not running or lacks the port
    return LoopbackForwarder.open(
        ns, pod, podPort, () -> current(ns, pod).map(c -> address(ns, pod, c, podPort)));
  }

  private InetSocketAddress target(String namespace, String pod, int podPort) {
    return address(namespace, pod, container(namespace, pod, "forward a port of"), podPort);
  }

  private static InetSocketAddress address(
      String namespace, String pod, PodContainer c, int podPort) {
    Integer hostPort = c.ports().get(podPort);
    if (hostPort == null) {
      throw new KubernetesException(
          "pod "
              + namespace
              + "/"
              + pod
              + " does not publish port "
              + podPort
              + "; a pod runtime publishes the container ports its spec declares: "
              + c.ports().keySet(),
          "Pod",
          namespace,
          pod,
          400,
          null);
    }
    return new InetSocketAddress(c.host(), hostPort);
  }

  /** The pod's running container, if it still has one. */
  private Optional<PodContainer> current(String namespace, String pod) {
    synchronized (state.lock) {
      if (state.closed) {
        return Optional.empty();
      }
      PodState p = state.pods.get(new Key(namespace, pod));
      return p == null || p.terminated() ? Optional.empty() : Optional.ofNullable(p.container);
    }
  }

  private PodContainer container(String namespace, String pod, String what) {
    return state.locked(
        () -> {
          PodState p = state.requirePod(new Key(state.ns(namespace), pod));
          if (!runtime) {
            throw refused(
                p,
                "cannot "
                    + what
                    + " pod "
                    + p.key
                    + ": it is simulated (this in-memory cluster has no pod runtime, so no process"
                    + " runs it and its address is invented)");
          }
          if (p.terminated()) {
            throw refused(
                p,
                "cannot "
                    + what
                    + " a container in a completed pod; current phase is "
                    + p.phase.name().charAt(0)
                    + p.phase.name().substring(1).toLowerCase(java.util.Locale.ROOT));
          }
          if (p.container == null || p.phase != PodPhase.RUNNING) {
            throw refused(
                p,
                "cannot "
                    + what
                    + " pod "
                    + p.key
                    + ": its container is not running"
                    + (p.reason.isEmpty() ? "" : " (" + p.reason + ")"));
          }
          return p.container;
        });
  }

  private static KubernetesException refused(PodState p, String message) {
    return new KubernetesException(message, "Pod", p.key.namespace(), p.key.name(), 400, null);
  }
}
