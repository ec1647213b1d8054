package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.PersistentVolumeClaimContractTest;
import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The claim contract on fabric8's CRUD mock, with the storage classes created through the raw
 * client and a test thread playing the volume binder: a Pending claim of class {@code fast} is
 * given a volume and marked Bound.
 */
class KubernetesClusterPersistentVolumeClaimContractTest extends PersistentVolumeClaimContractTest {

  private MockApiServer api;

  @Override
  protected Cluster newCluster() {
    api = new MockApiServer();
    KubernetesClient client = api.client();
    for (String[] c : new String[][] {{"fast", "Immediate"}, {"local", "WaitForFirstConsumer"}}) {
      client
          .storage()
          .v1()
          .storageClasses()
          .resource(
              new StorageClassBuilder()
                  .withNewMetadata()
                  .withName(c[0])
                  .endMetadata()
                  .withProvisioner("example.com/test")
                  .withVolumeBindingMode(c[1])
                  .build())
          .create();
    }
    return api.cluster(NS);
  }

  @AfterEach
  void stopServer() {
    api.close();
  }

  @Override
  protected AutoCloseable playBinder(String namespace, String name) {
    KubernetesClient client = api.client();
    Thread t =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  try {
                    PersistentVolumeClaim c =
                        client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
                    if (c.getStatus() == null || !"Bound".equals(c.getStatus().getPhase())) {
                      c.getSpec().setVolumeName("pvc-0001");
                      c =
                          client
                              .persistentVolumeClaims()
                              .inNamespace(namespace)
                              .resource(c)
                              .update();
                      c.setStatus(
                          new PersistentVolumeClaimStatusBuilder()
                              .withPhase("Bound")
                              .withCapacity(
                                  Map.of(
                                      "storage",
                                      c.getSpec().getResources().getRequests().get("storage")))
                              .build());
                      client
                          .persistentVolumeClaims()
                          .inNamespace(namespace)
                          .resource(c)
                          .updateStatus();
                    }
                  } catch (KubernetesClientException e) {
                    // a concurrent writer changed the object; read it again
                  }
                  Thread.sleep(30);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fake-volume-binder");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      t.join(5000);
    };
  }

  @Test
  void theManifestCarriesEveryFieldAndAnUpdateKeepsTheBinding() throws Exception {
    cluster.apply(
        PersistentVolumeClaimSpec.named("data")
            .requesting("1Gi")
            .withStorageClass("fast")
            .withAccessMode(PersistentVolumeClaimSpec.AccessMode.READ_WRITE_MANY)
            .build());
    PersistentVolumeClaim c =
        api.client().persistentVolumeClaims().inNamespace(NS).withName("data").get();
    assertThat(c.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(c.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("1Gi"));
    assertThat(c.getSpec().getStorageClassName()).isEqualTo("fast");
    try (AutoCloseable binder = playBinder(NS, "data")) {
      cluster.awaitPersistentVolumeClaim(NS, "data", java.time.Duration.ofSeconds(30));
    }
    var expanded =
        cluster.apply(
            PersistentVolumeClaimSpec.named("data")
                .requesting("2Gi")
                .withStorageClass("fast")
                .withAccessMode(PersistentVolumeClaimSpec.AccessMode.READ_WRITE_MANY)
                .build());
    assertThat(expanded.volumeName()).contains("pvc-0001");
    assertThat(expanded.requested()).isEqualTo("2Gi");
  }
}
