package dev.cloudnative.mesh.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointFeed;
import dev.cloudnative.mesh.EndpointRegistry;
import dev.cloudnative.mesh.RegistrySnapshot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The contract of every {@link EndpointRegistry}: atomic, versioned, immutable snapshots. */
abstract class EndpointRegistryContractTest {

  abstract EndpointRegistry create();

  private static final Endpoint A = Endpoint.of("10.0.0.1", 8080);
  private static final Endpoint B = Endpoint.of("10.0.0.2", 8080, 3);

  @Test
  void startsEmpty() {
    assertThat(create().snapshot().services()).isEmpty();
  }

  @Test
  void registersEndpointsBySubset() {
    EndpointRegistry r = create();
    r.register("reviews", "v1", A);
    r.register("reviews", "v2", B);
    RegistrySnapshot s = r.snapshot();
    assertThat(s.service("reviews"))
        .hasValueSatisfying(
            svc -> {
              assertThat(svc.subsets()).containsOnlyKeys("v1", "v2");
              assertThat(svc.endpoints("v1")).containsExactly(A);
              assertThat(svc.endpoints("*")).containsExactly(A, B);
            });
  }

  @Test
  void registeringTheSameIdReplaces() {
    EndpointRegistry r = create();
    r.register("reviews", "v1", A);
    r.register("reviews", "v1", A.withWeight(9));
    assertThat(r.snapshot().service("reviews").orElseThrow().endpoints("v1"))
        .extracting(Endpoint::weight)
        .containsExactly(9);
  }

  @Test
  void updatesPublishNewVersionsAndLeaveOldSnapshotsIntact() {
    EndpointRegistry r = create();
    r.register("reviews", "v1", A);
    RegistrySnapshot before = r.snapshot();
    assertThat(r.updateWeight("reviews", "v1", A.id(), 5)).isTrue();
    assertThat(r.markHealthy("reviews", "v1", A.id(), false)).isTrue();
    RegistrySnapshot after = r.snapshot();
    assertThat(after.version()).isGreaterThan(before.version());
    assertThat(before.service("reviews").orElseThrow().endpoints("v1").get(0)).isEqualTo(A);
    Endpoint updated = after.service("reviews").orElseThrow().endpoints("v1").get(0);
    assertThat(updated.weight()).isEqualTo(5);
    assertThat(updated.healthy()).isFalse();
  }

  @Test
  void updatesOfUnknownEndpointsReportFalse() {
    EndpointRegistry r = create();
    r.register("reviews", "v1", A);
    long version = r.snapshot().version();
    assertThat(r.updateWeight("reviews", "v1", "nope", 2)).isFalse();
    assertThat(r.markHealthy("ratings", "v1", A.id(), false)).isFalse();
    assertThat(r.deregister("reviews", "v9", A.id())).isFalse();
    assertThat(r.snapshot().version()).isEqualTo(version);
  }

  @Test
  void deregistersAndRemovesServices() {
    EndpointRegistry r = create();
    r.register("reviews", "v1", A);
    r.register("reviews", "v1", B);
    assertThat(r.deregister("reviews", "v1", A.id())).isTrue();
    assertThat(r.snapshot().service("reviews").orElseThrow().endpoints("v1")).containsExactly(B);
    r.removeService("reviews");
    assertThat(r.snapshot().service("reviews")).isEmpty();
  }

  @Test
  void replaceSubsetSetsFullMembershipAndRejectsDuplicates() {
    EndpointRegistry r = create();
    r.register("reviews", "v1", A);
    r.replaceSubset("reviews", "v1", List.of(B));
    assertThat(r.snapshot().service("reviews").orElseThrow().endpoints("v1")).containsExactly(B);
    assertThatThrownBy(() -> r.replaceSubset("reviews", "v1", List.of(B, B)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeat an id");
  }

  @Test
  void rejectsReservedAndBlankNames() {
    EndpointRegistry r = create();
    assertThatThrownBy(() -> r.register("reviews", "*", A)).hasMessageContaining("'*'");
    assertThatThrownBy(() -> r.register(" ", "v1", A)).hasMessageContaining("service name");
  }

  @Test
  void listenersSeeEverySnapshotInOrder() {
    EndpointRegistry r = create();
    List<Long> versions = new CopyOnWriteArrayList<>();
    r.addListener(s -> versions.add(s.version()));
    r.register("reviews", "v1", A);
    r.register("reviews", "v1", B);
    r.deregister("reviews", "v1", A.id());
    assertThat(versions).hasSize(3).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void removedListenersAreNotNotified() {
    EndpointRegistry r = create();
    List<Long> versions = new CopyOnWriteArrayList<>();
    java.util.function.Consumer<RegistrySnapshot> listener = s -> versions.add(s.version());
    r.addListener(listener);
    r.register("reviews", "v1", A);
    r.removeListener(listener);
    r.register("reviews", "v1", B);
    assertThat(versions).hasSize(1);
  }

  @Test
  void aFeedDrivesTheRegistry() throws Exception {
    EndpointRegistry r = create();
    AtomicBoolean stopped = new AtomicBoolean();
    EndpointFeed feed =
        sink -> {
          sink.replaceSubset("ratings", "v1", List.of(A, B));
          return () -> stopped.set(true);
        };
    AutoCloseable handle = r.connect(feed);
    assertThat(r.snapshot().service("ratings").orElseThrow().endpoints("v1")).containsExactly(A, B);
    assertThat(stopped).isFalse();
    handle.close();
    assertThat(stopped).isTrue();
  }
}
