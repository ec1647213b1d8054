package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.LeaseInfo;
import dev.cloudnative.kubernetes.internal.LeaseLock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One {@code coordination.k8s.io/v1} Lease on a real API server as a {@link LeaseLock}: a create is
 * a POST (409 AlreadyExists when another candidate won), a replace is a PUT carrying the resource
 * version read, which the API server refuses with 409 Conflict when the Lease changed meanwhile.
 *
 * <p>Thread-safe: the fabric8 client is.
 */
final class KubernetesLeaseLock implements LeaseLock {
  private static final String KIND = "Lease";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  KubernetesLeaseLock(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** The Lease {@code namespace/name} read once, empty when absent. */
  static Optional<LeaseInfo> read(KubernetesClient client, String namespace, String name) {
    Lease l =
        call(namespace, name, () -> client.leases().inNamespace(namespace).withName(name).get());
    return Optional.ofNullable(l).map(KubernetesLeaseLock::info);
  }

  @Override
  public Optional<LeaseInfo> get() {
    return read(client, namespace, name);
  }

  @Override
  public LeaseInfo create(LeaseInfo lease) {
    Lease written =
        call(
            namespace,
            name,
            () -> client.leases().inNamespace(namespace).resource(toLease(lease, null)).create());
    return info(written);
  }

  @Override
  public LeaseInfo update(LeaseInfo lease) {
    Lease written =
        call(
            namespace,
            name,
            () ->
                client
                    .leases()
                    .inNamespace(namespace)
                    .resource(toLease(lease, lease.resourceVersion()))
                    .update());
    return info(written);
  }

  private Lease toLease(LeaseInfo lease, String resourceVersion) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(lease.holderIdentity().orElse(null))
        .withLeaseDurationSeconds(
            lease
                .leaseDuration()
                .map(d -> (int) Math.min(Integer.MAX_VALUE, d.getSeconds()))
                .orElse(null))
        .withAcquireTime(lease.acquireTime().map(KubernetesLeaseLock::zoned).orElse(null))
        .withRenewTime(lease.renewTime().map(KubernetesLeaseLock::zoned).orElse(null))
        .withLeaseTransitions(lease.leaseTransitions())
        .endSpec()
        .build();
  }

  private static ZonedDateTime zoned(Instant i) {
    return i.atZone(ZoneOffset.UTC);
  }

  static LeaseInfo info(Lease l) {
    var spec = l.getSpec();
    return new LeaseInfo(
        l.getMetadata().getNamespace(),
        l.getMetadata().getName(),
        Optional.ofNullable(spec == null ? null : spec.getHolderIdentity()),
        Optional.ofNullable(spec == null ? null : spec.getLeaseDurationSeconds())
            .map(Duration::ofSeconds),
        Optional.ofNullable(spec == null ? null : spec.getAcquireTime())
            .map(ZonedDateTime::toInstant),
        Optional.ofNullable(spec == null ? null : spec.getRenewTime())
            .map(ZonedDateTime::toInstant),
        spec == null || spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions(),
        l.getMetadata().getResourceVersion() == null ? "" : l.getMetadata().getResourceVersion());
  }

  private static <T> T call(String namespace, String name, Supplier<T> op) {
    try {
      return op.get();
    } catch (KubernetesClientException e) {
      throw Errors.map(e, KIND, namespace, name);
    }
  }

  @Override
  public String describe() {
    return namespace + "/" + name;
  }
}
