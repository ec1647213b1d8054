package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.LeaderElectionContract;
import dev.cloudnative.kubernetes.LeaseInfo;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Leader election over fabric8 against the mock API server in CRUD mode: each replica has a client
 * of its own, the Lease is a real {@code coordination.k8s.io/v1} object, and a take-over is a PUT
 * with the resource version read.
 */
class KubernetesLeaderElectionTest extends LeaderElectionContract {
  private final MockApiServer api = new MockApiServer();
  private final Map<Integer, KubernetesCluster> clusters = new HashMap<>();

  @Override
  protected Cluster cluster(int replica) {
    return clusters.computeIfAbsent(replica, r -> api.cluster(NS));
  }

  @Override
  protected void takeLease(String holder) {
    Lease l = api.client().leases().inNamespace(NS).withName(LEASE).get();
    LeaseInfo next = foreign(KubernetesLeaseLock.info(l), holder);
    l.getSpec().setHolderIdentity(holder);
    l.getSpec().setRenewTime(next.renewTime().orElseThrow().atZone(ZoneOffset.UTC));
    l.getSpec().setAcquireTime(next.acquireTime().orElseThrow().atZone(ZoneOffset.UTC));
    l.getSpec().setLeaseTransitions(next.leaseTransitions());
    api.client().leases().inNamespace(NS).resource(l).update();
  }

  @Override
  protected void closeClusters() {
    clusters.values().forEach(KubernetesCluster::close);
    api.close();
  }
}
