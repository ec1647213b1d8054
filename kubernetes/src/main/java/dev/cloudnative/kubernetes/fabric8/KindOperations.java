package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.CronJobStatus;
import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DaemonSetStatus;
import dev.cloudnative.kubernetes.IngressSpec;
import dev.cloudnative.kubernetes.IngressStatus;
import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import dev.cloudnative.kubernetes.PersistentVolumeClaimStatus;
import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;
import dev.cloudnative.kubernetes.PodDisruptionBudgetStatus;
import dev.cloudnative.kubernetes.ServiceStatus;
import dev.cloudnative.kubernetes.VolumeBindingMode;
import dev.cloudnative.kubernetes.internal.ClaimMapper;
import dev.cloudnative.kubernetes.internal.CronJobMapper;
import dev.cloudnative.kubernetes.internal.DaemonSetMapper;
import dev.cloudnative.kubernetes.internal.DisruptionBudgetMapper;
import dev.cloudnative.kubernetes.internal.IngressMapper;
import dev.cloudnative.kubernetes.internal.ServiceStatusMapper;
import dev.cloudnative.kubernetes.internal.Validation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fabric8 cluster's operations on the kinds that have a {@link
 * dev.cloudnative.kubernetes.ReadinessStatus} (DaemonSet, ...): apply through the cluster's
 * server-side apply with its fallback, read, and wait through the {@link StatusPoller}. {@link
 * KubernetesCluster} resolves namespaces, checks it is open and measures each call before it
 * delegates here.
 *
 * <p>Thread-safe: the client is, and nothing here is mutable.
 */
final class KindOperations {

  /** The cluster's create-or-update (server-side apply, then create/update). */
  interface Applier {
    <T extends HasMetadata> T apply(T desired);
  }

  private final KubernetesClient client;
  private final Applier applier;
  private final StatusPoller poller;

  KindOperations(KubernetesClient client, Applier applier, Duration pollInterval) {
    this.client = client;
    this.applier = applier;
    this.poller = new StatusPoller(pollInterval);
  }

  /** Runs one API call, mapping fabric8's failure to the module's typed exception. */
  private static <T> T call(String kind, String namespace, String name, Supplier<T> op) {
    try {
      return op.get();
    } catch (KubernetesClientException e) {
      throw Errors.map(e, kind, namespace, name);
    }
  }

  // ---- daemonsets

  DaemonSetStatus apply(DaemonSetSpec spec, String namespace) {
    return DaemonSetMapper.status(applier.apply(DaemonSetMapper.toDaemonSet(spec, namespace)));
  }

  Optional<DaemonSetStatus> daemonSet(String namespace, String name) {
    Validation.subdomain("DaemonSet", namespace, "metadata.name", name);
    return Optional.ofNullable(
            call(
                "DaemonSet",
                namespace,
                name,
                () -> client.apps().daemonSets().inNamespace(namespace).withName(name).get()))
        .map(DaemonSetMapper::status);
  }

  DaemonSetStatus awaitDaemonSet(String namespace, String name, Duration timeout) {
    Validation.subdomain("DaemonSet", namespace, "metadata.name", name);
    return poller.await("DaemonSet", namespace, name, timeout, () -> daemonSet(namespace, name));
  }

  // ---- service readiness

  Optional<ServiceStatus> serviceStatus(String namespace, String name) {
    Validation.dns1035("Service", namespace, "metadata.name", name);
    return call(
        "Service",
        namespace,
        name,
        () -> {
          var s = client.services().inNamespace(namespace).withName(name).get();
          if (s == null) {
            return Optional.empty();
          }
          var endpoints = client.endpoints().inNamespace(namespace).withName(name).get();
          return Optional.of(ServiceStatusMapper.status(s, endpoints));
        });
  }

  ServiceStatus awaitService(String namespace, String name, Duration timeout) {
    Validation.dns1035("Service", namespace, "metadata.name", name);
    return poller.await("Service", namespace, name, timeout, () -> serviceStatus(namespace, name));
  }

  // ---- ingresses

  IngressStatus apply(IngressSpec spec, String namespace) {
    return status(applier.apply(IngressMapper.toIngress(spec, namespace)));
  }

  private IngressStatus status(io.fabric8.kubernetes.api.model.networking.v1.Ingress i) {
    String n = i.getMetadata().getNamespace();
    return IngressMapper.status(
        i,
        service -> {
          var s = client.services().inNamespace(n).withName(service).get();
          return s != null
              && ("ExternalName".equals(s.getSpec().getType())
                  || client.endpoints().inNamespace(n).withName(service).get() != null);
        });
  }

  Optional<IngressStatus> ingress(String namespace, String name) {
    Validation.subdomain("Ingress", namespace, "metadata.name", name);
    return call(
        "Ingress",
        namespace,
        name,
        () ->
            Optional.ofNullable(
                    client.network().v1().ingresses().inNamespace(namespace).withName(name).get())
                .map(this::status));
  }

  IngressStatus awaitIngress(String namespace, String name, Duration timeout) {
    Validation.subdomain("Ingress", namespace, "metadata.name", name);
    return poller.await("Ingress", namespace, name, timeout, () -> ingress(namespace, name));
  }

  // ---- pod disruption budgets

  private static final String PDB = "PodDisruptionBudget";

  PodDisruptionBudgetStatus apply(PodDisruptionBudgetSpec spec, String namespace) {
    return DisruptionBudgetMapper.status(
        applier.apply(DisruptionBudgetMapper.toBudget(spec, namespace)));
  }

  Optional<PodDisruptionBudgetStatus> podDisruptionBudget(String namespace, String name) {
    Validation.subdomain(PDB, namespace, "metadata.name", name);
    return Optional.ofNullable(
            call(
                PDB,
                namespace,
                name,
                () ->
                    client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(namespace)
                        .withName(name)
                        .get()))
        .map(DisruptionBudgetMapper::status);
  }

  PodDisruptionBudgetStatus awaitPodDisruptionBudget(
      String namespace, String name, Duration timeout) {
    Validation.subdomain(PDB, namespace, "metadata.name", name);
    return poller.await(PDB, namespace, name, timeout, () -> podDisruptionBudget(namespace, name));
  }

  // ---- cronjobs

  CronJobStatus apply(CronJobSpec spec, String namespace) {
    return CronJobMapper.status(applier.apply(CronJobMapper.toCronJob(spec, namespace)));
  }

  Optional<CronJobStatus> cronJob(String namespace, String name) {
    Validation.subdomain("CronJob", namespace, "metadata.name", name);
    return Optional.ofNullable(
            call(
                "CronJob",
                namespace,
                name,
                () -> client.batch().v1().cronjobs().inNamespace(namespace).withName(name).get()))
        .map(CronJobMapper::status);
  }

  // ---- persistent volume claims

  private static final String CLAIM = "PersistentVolumeClaim";

  PersistentVolumeClaimStatus apply(PersistentVolumeClaimSpec spec, String namespace) {
    PersistentVolumeClaim applied = applier.apply(ClaimMapper.toClaim(spec, namespace));
    return ClaimMapper.status(applied, bindingMode(applied));
  }

  Optional<PersistentVolumeClaimStatus> persistentVolumeClaim(String namespace, String name) {
    Validation.subdomain(CLAIM, namespace, "metadata.name", name);
    PersistentVolumeClaim c =
        call(
            CLAIM,
            namespace,
            name,
            () -> client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
    return Optional.ofNullable(c).map(claim -> ClaimMapper.status(claim, bindingMode(claim)));
  }

  /**
   * The binding mode of the claim's storage class, as Pulumi reads it: empty when the claim names
   * no class, or the class is absent or cannot be read (then the claim must be Bound).
   */
  private Optional<VolumeBindingMode> bindingMode(PersistentVolumeClaim c) {
    String className = c.getSpec() == null ? null : c.getSpec().getStorageClassName();
    if (className == null || className.isEmpty()) {
      return Optional.empty();
    }
    StorageClass sc;
    try {
      sc = client.storage().v1().storageClasses().withName(className).get();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      return Optional.empty(); // e.g. 403 without RBAC on storage classes: fall back to Bound
    }
    try {
      return sc == null
          ? Optional.empty()
          : Optional.of(VolumeBindingMode.fromApiName(sc.getVolumeBindingMode()));
    } catch (IllegalArgumentException unknownMode) {
      return Optional.empty();
    }
  }

  PersistentVolumeClaimStatus awaitPersistentVolumeClaim(
      String namespace, String name, Duration timeout) {
    Validation.subdomain(CLAIM, namespace, "metadata.name", name);
    return poller.await(
        CLAIM, namespace, name, timeout, () -> persistentVolumeClaim(namespace, name));
  }
}
