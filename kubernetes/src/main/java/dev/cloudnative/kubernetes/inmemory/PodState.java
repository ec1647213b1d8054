package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.PodContainer;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PodPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A pod: what its ReplicaSet made it from, what the kubelet last found, its log and who follows it.
 * The fields of the second half are the kubelet's bookkeeping when a {@link
 * dev.cloudnative.kubernetes.PodRuntime} runs the pod; {@link #busy} is what keeps at most one
 * runtime call per pod in flight, so that two passes never start or probe the same pod at once.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock, including by the kubelet's runtime
 * calls, which read the fields they need before leaving the lock and write back under it.
 */
final class PodState {
  /** Younger pods first, as the ReplicaSet controller removes them. */
  static final Comparator<PodState> NEWEST_FIRST =
      Comparator.comparing((PodState p) -> p.created).reversed().thenComparing(p -> p.key);

  final Key key;
  String deployment;
  String ownerName;
  final String replicaSet;
  final Map<String, String> labels;
  final DeploymentSpec template;
  final String image;
  final String containerName;
  final boolean hasReadinessProbe;
  final Instant created;
  PodPhase phase = PodPhase.PENDING;
  boolean ready;
  int restarts;
  String ip = "";
  String node = "";
  String reason = "";
  int age;
  int runningSteps;

  // ---- of a Job's pod (run to completion)
  /** The owner's kind for {@link PodInfo#ownerKind()}: a ReplicaSet, or a Job. */
  String ownerKind = "ReplicaSet";

  /** A Job pod's restart policy; {@code null} for a ReplicaSet's pod (restart Always). */
  JobSpec.RestartPolicy restartPolicy;

  /** True once the Job controller counted this pod's success or failure. */
  boolean countedByJob;

  /** A Job pod's container working directory, empty for the image's own. */
  java.util.Optional<String> workingDir = java.util.Optional.empty();

  /** A Job pod's hostPath mounts. */
  List<dev.cloudnative.kubernetes.HostPathMount> mounts = List.of();

  /** The exit code of the container's last termination, empty before one. */
  java.util.OptionalInt exitCode = java.util.OptionalInt.empty();

  final List<LogLine> log = new ArrayList<>();
  final List<LogFollower> followers = new ArrayList<>();
  // ---- with a runtime
  PodContainer container;
  Map<Integer, Integer> ports = Map.of();
  boolean busy; // a runtime call for this pod is in flight
  Instant startedAt;
  Instant nextStart = Instant.MIN;
  int backOffs;
  Instant lastReadiness = Instant.MIN;
  Instant lastLiveness = Instant.MIN;
  int readinessFailures;
  int livenessFailures;

  PodState(
      Key key,
      String deployment,
      String replicaSet,
      Map<String, String> labels,
      DeploymentSpec template,
      Instant created) {
    this.key = key;
    this.deployment = deployment;
    this.ownerName = replicaSet;
    this.replicaSet = replicaSet;
    this.labels = Map.copyOf(labels);
    this.template = template;
    this.image = template.image();
    this.containerName = template.containerName();
    this.hasReadinessProbe = template.readinessProbe().isPresent();
    this.created = created;
  }

  /**
   * Appends a line and queues it for the followers; the queue is drained outside the lock (see
   * {@link ClusterState#locked}).
   */
  void log(Instant at, String line, Queue<Runnable> outbox) {
    log.add(new LogLine(at, line));
    for (LogFollower f : followers) {
      outbox.add(() -> f.deliver(line));
    }
  }

  /** True for a pod whose containers ran to completion: Succeeded or Failed. */
  boolean terminated() {
    return phase == PodPhase.SUCCEEDED || phase == PodPhase.FAILED;
  }

  /** A Job pod's container exited (under the lock): the pod ends, or restarts on failure. */
  void exited(int code, Instant at, Queue<Runnable> outbox) {
    log(at, "container " + containerName + " exited with code " + code, outbox);
    ready = false;
    exitCode = java.util.OptionalInt.of(code);
    if (code == 0) {
      phase = PodPhase.SUCCEEDED;
      reason = "Completed";
    } else if (restartPolicy == JobSpec.RestartPolicy.NEVER) {
      phase = PodPhase.FAILED;
      reason = "Error";
    }
  }

  PodInfo info(boolean simulated) {
    return new PodInfo(
        key.namespace(),
        key.name(),
        phase,
        ready,
        restarts,
        ip,
        node,
        ownerName.isEmpty() ? "" : ownerKind,
        ownerName,
        labels,
        image,
        reason,
        ports,
        simulated && !ip.isEmpty(),
        exitCode);
  }

  /** One line of a simulated pod's log, with the simulated time it was written at. */
  record LogLine(Instant at, String text) {}
}
