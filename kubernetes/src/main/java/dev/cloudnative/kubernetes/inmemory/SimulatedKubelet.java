package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.PodStartException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The kubelet of the simulation, where nothing runs: a Pending pod starts Running after {@code
 * podStartupSteps}; a Running pod becomes ready at once without a readiness probe, or after {@code
 * readinessSteps} with one. Counting steps instead of timing anything is what keeps every outcome
 * deterministic. Pods of an image marked failing crash-loop (they run, never become ready, and
 * their restart count grows each step); pods of an image marked missing stay Pending with {@code
 * ErrImagePull}, then {@code ImagePullBackOff}. Addresses are invented ({@code 10.244.0.x}) and
 * marked simulated.
 *
 * <p>Not thread-safe: its state and {@link #advance} are guarded by the {@link ClusterState} lock.
 */
final class SimulatedKubelet implements Kubelet {

  static final String NODE = "inmemory-node";

  private final ClusterState state;
  private final int podStartupSteps;
  private final int readinessSteps;
  // ---- guarded by the state lock
  private final Set<String> failingImages = new TreeSet<>();
  private final Set<String> missingImages = new TreeSet<>();
  private int ipSequence;
  private final Map<String, JobExit> jobExits = new TreeMap<>();

  /** How a Job pod's container of one image ends: its exit code after running some steps. */
  private record JobExit(int code, int afterSteps) {}

  /** A Job pod's container exits 0 after one running step unless told otherwise. */
  private static final JobExit DEFAULT_JOB_EXIT = new JobExit(0, 1);

  SimulatedKubelet(ClusterState state, int podStartupSteps, int readinessSteps) {
    this.state = state;
    this.podStartupSteps = podStartupSteps;
    this.readinessSteps = readinessSteps;
  }

  /** Pods running {@code image} crash-loop from now on (under the lock). */
  boolean failImage(String image) {
    return failingImages.add(image);
  }

  /**
   * Job pods running {@code image} exit with {@code code} after {@code afterSteps} running steps
   * from now on (under the lock).
   */
  void jobExit(String image, int code, int afterSteps) {
    jobExits.put(image, new JobExit(code, afterSteps));
  }

  /** Pods running {@code image} cannot pull it from now on (under the lock). */
  boolean missingImage(String image) {
    return missingImages.add(image);
  }

  @Override
  public void advance(PodState p) {
    if (p.created.equals(state.now)) {
      return; // created by this step's controllers: the kubelet sees it next step
    }
    if (p.terminated()) {
      return; // a Job pod that ran to completion stays as it ended
    }
    p.age++;
    if (p.phase == PodPhase.PENDING && missingImages.contains(p.image)) {
      p.reason = p.reason.isEmpty() ? PodStartException.ERR_IMAGE_PULL : "ImagePullBackOff";
      return;
    }
    if (p.phase == PodPhase.PENDING) {
      if (p.age >= podStartupSteps) {
        p.phase = PodPhase.RUNNING;
        p.ip = "10.244.0." + (++ipSequence % 250 + 2);
        if (p.node.isEmpty()) {
          p.node = NODE; // a daemon pod was pinned to its node when created
        }
        p.runningSteps = 0;
        p.log(
            state.now,
            "container " + p.containerName + " started from image " + p.image,
            state.outbox);
      } else {
        return;
      }
    } else if (p.phase == PodPhase.RUNNING) {
      p.runningSteps++;
    }
    if (p.restartPolicy != null && p.phase == PodPhase.RUNNING) {
      JobExit exit =
          failingImages.contains(p.image)
              ? new JobExit(1, 1)
              : jobExits.getOrDefault(p.image, DEFAULT_JOB_EXIT);
      if (p.runningSteps >= exit.afterSteps()) {
        p.exited(exit.code(), state.now, state.outbox);
        if (!p.terminated()) {
          // restartPolicy OnFailure: the kubelet restarts the container in the same pod
          p.restarts++;
          p.runningSteps = 0;
          p.reason = "CrashLoopBackOff";
        }
        return;
      }
    }
    if (failingImages.contains(p.image)) {
      if (p.runningSteps > 0) {
        p.restarts++;
        p.reason = "CrashLoopBackOff";
        p.log(
            state.now,
            "container " + p.containerName + " exited with code 1; back-off restarting",
            state.outbox);
      }
      p.ready = false;
      return;
    }
    if (!p.ready && (!p.hasReadinessProbe || p.runningSteps >= readinessSteps)) {
      p.ready = true;
    }
  }
}
