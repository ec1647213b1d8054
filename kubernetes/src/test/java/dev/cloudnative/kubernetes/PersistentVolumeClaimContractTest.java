package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PersistentVolumeClaim behaviour every {@link Cluster} implementation must show: apply, read,
 * wait on Pulumi's rule (Bound; Pending under WaitForFirstConsumer), time out with the last status,
 * delete, bad input. Subclasses provide the storage classes {@code fast} ({@code Immediate}) and
 * {@code local} ({@code WaitForFirstConsumer}) and play the binder where the cluster has none.
 */
public abstract class PersistentVolumeClaimContractTest {

  protected static final String NS = "claims";
  private static final Duration WAIT = Duration.ofSeconds(60);

  protected Cluster cluster;

  /**
   * A fresh cluster whose default namespace is {@link #NS}, with storage classes {@code fast}
   * (Immediate) and {@code local} (WaitForFirstConsumer), and none called {@code absent}.
   */
  protected abstract Cluster newCluster();

  /**
   * Binds claim {@code name} when it is Pending under an Immediate class (a thread on the mock).
   */
  protected abstract AutoCloseable playBinder(String namespace, String name);

  @BeforeEach
  void setUpCluster() {
    cluster = newCluster();
    cluster.ensureNamespace(NS);
  }

  @AfterEach
  void tearDownCluster() {
    cluster.close();
  }

  private static PersistentVolumeClaimSpec claim(String storageClass) {
    return PersistentVolumeClaimSpec.named("data")
        .requesting("1Gi")
        .inNamespace(NS)
        .withStorageClass(storageClass)
        .build();
  }

  @Test
  void anImmediateClaimIsReadyOnceBound() throws Exception {
    PersistentVolumeClaimStatus applied = cluster.apply(claim("fast"));
    assertThat(applied.phase()).isEqualTo(PersistentVolumeClaimStatus.Phase.PENDING);
    assertThat(applied.requested()).isEqualTo("1Gi");
    PersistentVolumeClaimStatus bound;
    try (AutoCloseable binder = playBinder(NS, "data")) {
      bound = cluster.awaitPersistentVolumeClaim(NS, "data", WAIT);
    }
    assertThat(bound.phase()).isEqualTo(PersistentVolumeClaimStatus.Phase.BOUND);
    assertThat(bound.volumeName()).isPresent();
    assertThat(bound.capacity()).contains("1Gi");
    assertThat(bound.storageClass()).contains("fast");
    assertThat(bound.bindingMode()).contains(VolumeBindingMode.IMMEDIATE);
    assertThat(bound.describe()).contains("is Bound to " + bound.volumeName().orElseThrow());
    assertThat(cluster.persistentVolumeClaim(NS, "data")).contains(bound);
  }

  @Test
  void aWaitForFirstConsumerClaimIsReadyWhilePending() {
    cluster.apply(claim("local"));
    PersistentVolumeClaimStatus ready = cluster.awaitPersistentVolumeClaim(NS, "data", WAIT);
    assertThat(ready.phase()).isEqualTo(PersistentVolumeClaimStatus.Phase.PENDING);
    assertThat(ready.bindingMode()).contains(VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER);
    assertThat(ready.describe()).contains("Pending until a pod uses it");
  }

  @Test
  void aClaimOfAnUnknownClassTimesOutWithTheLastStatusAndTheUnmetRule() {
    cluster.apply(claim("absent"));
    assertThatThrownBy(() -> cluster.awaitPersistentVolumeClaim(NS, "data", Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            AwaitTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("PersistentVolumeClaim");
              assertThat(e.getMessage())
                  .contains("timed out after PT1S")
                  .contains(
                      "unmet: Waiting for persistentvolumeclaim \"" + NS + "/data\" to be Bound");
              PersistentVolumeClaimStatus last = e.lastStatus(PersistentVolumeClaimStatus.class);
              assertThat(last.phase()).isEqualTo(PersistentVolumeClaimStatus.Phase.PENDING);
              assertThat(last.bindingMode()).isEmpty();
            });
  }

  @Test
  void anAbsentClaimIsEmptyAndDeleteRemovesAPresentOne() {
    assertThat(cluster.persistentVolumeClaim(NS, "ghost")).isEmpty();
    assertThatThrownBy(() -> cluster.awaitPersistentVolumeClaim(NS, "ghost", Duration.ofSeconds(1)))
        .isInstanceOf(KubernetesNotFoundException.class)
        .hasMessageContaining("ghost");
    assertThatThrownBy(
            () ->
                cluster.delete(
                    ResourceKind.PERSISTENT_VOLUME_CLAIM, NS, "ghost", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
    cluster.apply(claim("fast"));
    cluster.delete(ResourceKind.PERSISTENT_VOLUME_CLAIM, NS, "data", Propagation.BACKGROUND);
    assertThat(cluster.persistentVolumeClaim(NS, "data")).isEmpty();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.apply((PersistentVolumeClaimSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> cluster.awaitPersistentVolumeClaim(NS, "data", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> cluster.awaitPersistentVolumeClaim(NS, "data", Duration.ofSeconds(-1)))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> cluster.persistentVolumeClaim(NS, "Bad_Name"))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("Bad_Name");
    assertThatThrownBy(() -> PersistentVolumeClaimSpec.named("data").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("spec.resources.requests.storage");
    assertThatThrownBy(() -> PersistentVolumeClaimSpec.named("data").requesting("lots").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("not a Kubernetes quantity");
    assertThatThrownBy(
            () ->
                PersistentVolumeClaimSpec.named("data")
                    .requesting("1Gi")
                    .withAccessMode(PersistentVolumeClaimSpec.AccessMode.READ_WRITE_ONCE)
                    .withAccessMode(PersistentVolumeClaimSpec.AccessMode.READ_WRITE_ONCE)
                    .build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("repeats a mode");
    assertThat(PersistentVolumeClaimSpec.named("data").requesting("1Gi").build().accessModes())
        .containsExactly(PersistentVolumeClaimSpec.AccessMode.READ_WRITE_ONCE);
    assertThat(PersistentVolumeClaimSpec.named("data").requesting("1Gi").build().storageClass())
        .isEqualTo(Optional.empty());
  }
}
