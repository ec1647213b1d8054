package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.PersistentVolumeClaimContractTest;
import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import dev.cloudnative.kubernetes.PersistentVolumeClaimStatus;
import dev.cloudnative.kubernetes.VolumeBindingMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The claim contract on the simulation, whose binder runs as waits step the clock; and what only
 * the simulation shows: the default class, immutability, expansion.
 */
class InMemoryPersistentVolumeClaimContractTest extends PersistentVolumeClaimContractTest {

  @Override
  protected Cluster newCluster() {
    return InMemoryCluster.builder()
        .defaultNamespace(NS)
        .storageClass("fast", VolumeBindingMode.IMMEDIATE)
        .storageClass("local", VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER)
        .build();
  }

  @Override
  protected AutoCloseable playBinder(String namespace, String name) {
    return () -> {};
  }

  @Test
  void aClaimNamingNoClassGetsTheDefaultAndOnlyALargerRequestMayChange() {
    PersistentVolumeClaimSpec data =
        PersistentVolumeClaimSpec.named("data").requesting("1Gi").build();
    assertThat(cluster.apply(data).storageClass()).contains("standard");
    PersistentVolumeClaimStatus bound =
        cluster.awaitPersistentVolumeClaim(NS, "data", Duration.ofMinutes(1));
    assertThat(bound.volumeName()).contains("pvc-1");
    assertThat(cluster.apply(data.toBuilder().requesting("2Gi").build()).capacity())
        .contains("2Gi");
    assertThatThrownBy(() -> cluster.apply(data.toBuilder().requesting("1500Mi").build()))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("can not be less than previous value");
    assertThatThrownBy(() -> cluster.apply(data.toBuilder().withStorageClass("fast").build()))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("immutable");
  }
}
