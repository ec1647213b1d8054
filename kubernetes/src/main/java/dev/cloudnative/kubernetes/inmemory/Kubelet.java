package dev.cloudnative.kubernetes.inmemory;

/**
 * The node agent's part of a step: one decision per pod. Two kubelets exist because the cluster has
 * two kinds of time: {@link SimulatedKubelet} moves pods through their phases by counting simulated
 * steps, {@link RuntimeKubelet} supervises real containers in real time. The rest of the cluster
 * (controllers, watches, the API) is the same for both.
 *
 * <p>Implementations run {@link #advance} under the {@link ClusterState} lock and never call a pod
 * runtime there.
 */
interface Kubelet {

  /** One pass over one pod, under the state lock. */
  void advance(PodState pod);

  /** Runs the runtime calls the pass queued, outside the lock, and waits for them. */
  default void runQueuedWork() {}

  /** Stops the kubelet and every container it runs; idempotent, outside the lock. */
  default void close() {}
}
