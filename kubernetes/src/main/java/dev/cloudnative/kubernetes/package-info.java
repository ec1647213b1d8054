/**
 * Deploy, scale, roll out and observe Kubernetes workloads. {@link
 * dev.cloudnative.kubernetes.Cluster} is the one interface; specs ({@link
 * dev.cloudnative.kubernetes.DeploymentSpec}, {@link dev.cloudnative.kubernetes.ServiceSpec}, ...)
 * are validated immutable records built as sentences; snapshots ({@link
 * dev.cloudnative.kubernetes.DeploymentInfo}, {@link dev.cloudnative.kubernetes.PodInfo}, {@link
 * dev.cloudnative.kubernetes.RolloutStatus}) are records; failures are subclasses of {@link
 * dev.cloudnative.kubernetes.KubernetesException}. Implementations live in {@code fabric8} (a real
 * API server) and {@code inmemory} (a deterministic simulation). No fabric8 or Jackson type appears
 * in this package.
 */
package dev.cloudnative.kubernetes;
