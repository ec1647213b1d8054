package dev.cloudnative.kubernetes;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A snapshot of a pod.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param ready whether the pod's Ready condition is True
 * @param restarts the sum of restarts over its containers
 * @param ip the pod IP, empty until assigned; for a pod run by a local {@link PodRuntime} the
 *     loopback address its container ports are published on
 * @param node the node it is scheduled on, empty until scheduled
 * @param ownerKind the kind of its controlling owner (usually {@code ReplicaSet}), empty when none
 * @param ownerName the name of its controlling owner, empty when none
 * @param reason why the container is waiting or last stopped, as the kubelet names it ({@code
 *     ErrImagePull}, {@code ImagePullBackOff}, {@code InvalidImageName}, {@code CrashLoopBackOff},
 *     ...); empty when running normally
 * @param ports where container ports are reachable at {@code ip} when that differs from the
 *     container port (container port to published host port, for pods run by a local {@link
 *     PodRuntime}); empty on a real cluster, where a container port is reached on the pod IP as is
 * @param simulated true when {@code ip} was invented by a simulation and nothing listens there (an
 *     in-memory cluster without a pod runtime); such an address must never be dialled
 * @param exitCode the exit code of the pod's (first) container once it terminated: {@code
 *     state.terminated.exitCode}, else {@code lastState.terminated.exitCode} of a container that
 *     restarted; empty while it never terminated. A Job pod's outcome is this code.
 */
public record PodInfo(
    String namespace,
    String name,
    PodPhase phase,
    boolean ready,
    int restarts,
    String ip,
    String node,
    String ownerKind,
    String ownerName,
    Map<String, String> labels,
    String image,
    String reason,
    Map<Integer, Integer> ports,
    boolean simulated,
    OptionalInt exitCode) {

  public PodInfo {
    labels = Map.copyOf(labels);
    reason = Objects.requireNonNullElse(reason, "");
    ports = Map.copyOf(ports);
    exitCode = Objects.requireNonNullElse(exitCode, OptionalInt.empty());
  }

  /** A pod whose container never terminated (no exit code). */
  public PodInfo(
      String namespace,
      String name,
      PodPhase phase,
      boolean ready,
      int restarts,
      String ip,
      String node,
      String ownerKind,
      String ownerName,
      Map<String, String> labels,
      String image,
      String reason,
      Map<Integer, Integer> ports,
      boolean simulated) {
    this(
        namespace,
        name,
        phase,
        ready,
        restarts,
        ip,
        node,
        ownerKind,
        ownerName,
        labels,
        image,
        reason,
        ports,
        simulated,
        OptionalInt.empty());
  }

  /**
   * A pod of a real cluster: no waiting reason, container ports reached on the pod IP, not
   * simulated.
   */
  public PodInfo(
      String namespace,
      String name,
      PodPhase phase,
      boolean ready,
      int restarts,
      String ip,
      String node,
      String ownerKind,
      String ownerName,
      Map<String, String> labels,
      String image) {
    this(
        namespace,
        name,
        phase,
        ready,
        restarts,
        ip,
        node,
        ownerKind,
        ownerName,
        labels,
        image,
        "",
        Map.of(),
        false,
        OptionalInt.empty());
  }

  /** The port at {@link #ip()} where {@code containerPort} is reachable. */
  public int port(int containerPort) {
    return ports.getOrDefault(containerPort, containerPort);
  }

  /**
   * True when the pod's image cannot be pulled ({@code ErrImagePull}, {@code ImagePullBackOff},
   * {@code InvalidImageName}).
   */
  public boolean imagePullFailing() {
    return ImagePullException.REASONS.contains(reason);
  }
}
