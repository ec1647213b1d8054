package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DeploymentSpec;

/**
 * One pod template of a deployment. The ReplicaSet has no object of its own in the simulation: its
 * pods are the pods whose {@link PodState#replicaSet} names it, so scaling it is creating or
 * removing those pods (see {@link DeploymentController}). Only the revision changes, when a
 * rollback makes the template current again.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class ReplicaSetState {
  final String name;
  final String hash;
  final DeploymentSpec template;
  long revision;

  ReplicaSetState(String name, String hash, DeploymentSpec template, long revision) {
    this.name = name;
    this.hash = hash;
    this.template = template;
    this.revision = revision;
  }
}
