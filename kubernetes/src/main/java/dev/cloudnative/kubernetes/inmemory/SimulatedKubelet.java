package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.PodStartException;
import java.util.Set;
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

  SimulatedKubelet(ClusterState state, int podStartupSteps, int readinessSteps) {
    this.state = state;
    this.podStartupSteps = podStartupSteps;
    this.readinessSteps = readinessSteps;
  }

  /** Pods running {@code image} crash-loop from now on (under the lock). */
  boolean failImage(String image) {
    return failingImages.add(image);
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
    p.age++;
    if (p.phase == PodPhase.PENDING && missingImages.contains(p.image)) {
      p.reason = p.reason.isEmpty() ? PodStartException.ERR_IMAGE_PULL : "ImagePullBackOff";
      return;
    }
    if (p.phase == PodPhase.PENDING) {
      if (p.age >= podStartupSteps) {
        p.phase = PodPhase.RUNNING;
        p.ip = "10.244.0." + (++ipSequence % 250 + 2);
        p.node = NODE;
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
