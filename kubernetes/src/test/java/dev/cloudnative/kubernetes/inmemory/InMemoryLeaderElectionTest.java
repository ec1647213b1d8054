package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.LeaderElectionContract;

/**
 * Leader election on the in-memory cluster's Leases (compare-and-swap on the resource version);
 * every replica talks to the one cluster, as pods talk to one API server.
 */
class InMemoryLeaderElectionTest extends LeaderElectionContract {
  private final InMemoryCluster cluster = InMemoryCluster.create();

  @Override
  protected Cluster cluster(int replica) {
    return cluster;
  }

  @Override
  protected void takeLease(String holder) {
    cluster.leases().overwrite(foreign(cluster.lease(NS, LEASE).orElseThrow(), holder));
  }

  @Override
  protected void closeClusters() {
    cluster.close();
  }
}
