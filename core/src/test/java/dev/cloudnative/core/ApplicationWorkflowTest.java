package dev.cloudnative.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.security.AccessDeniedException;
import dev.cloudnative.security.PasswordHasher;
import dev.cloudnative.security.Rbac;
import dev.cloudnative.security.Security;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.InMemoryNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cross-module workflow on the embedded backends: deploy, scale, canary, promote, rollback,
 * undeploy.
 */
class ApplicationWorkflowTest {

  private final InMemoryCluster cluster = InMemoryCluster.create();
  private final CloudNative cn = CloudNative.builder().cluster(cluster).build();

  @AfterEach
  void close() {
    cn.close();
  }

  @Test
  void deployRollsOutStoresConfigAndRegistersReadyPodsInTheMesh() {
    DeployReport report =
        cn.app("shop")
            .image("shop:1.0")
            .replicas(3)
            .expose(80, 8080)
            .env("MODE", "prod")
            .config("greeting", "hello")
            .deploy();

    assertThat(report.steps())
        .extracting(StepReport::step)
        .containsExactly(
            "namespace",
            "apply-config",
            "apply-deploy",
            "apply-service",
            "await-rollout",
            "store-config",
            "register-mesh");
    AppStatus status = cn.app("shop").status();
    assertThat(status.rollout().complete()).isTrue();
    assertThat(status.readyPods()).isEqualTo(3);
    assertThat(status.config()).containsEntry("greeting", "hello");
    assertThat(cn.storage().getString("apps/shop/config/greeting")).contains("hello");
    assertThat(cluster.configMap(cn.namespace(), "shop-config"))
        .contains(Map.of("greeting", "hello"));
    assertThat(meshEndpoints("stable"))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.port()).isEqualTo(8080));
  }

  @Test
  void scaleChangesTheMeshEndpointsWithTheReadyPods() {
    cn.app("shop").image("shop:1.0").replicas(2).deploy();

    cn.app("shop").scale(4);

    assertThat(cn.app("shop").status().readyPods()).isEqualTo(4);
    assertThat(meshEndpoints("stable")).hasSize(4);
  }

  @Test
  void canarySplitsMeshTrafficThenPromoteMovesEverythingToTheNewImage() {
    cn.app("shop").image("shop:1.0").replicas(2).deploy();

    cn.app("shop").canary("v2", "shop:2.0", 20);

    assertThat(meshEndpoints("v2")).hasSize(1);
    Map<String, Integer> hits = sendTraffic(10_000);
    assertThat(hits.get("v2") / 10_000.0).isBetween(0.17, 0.23);
    assertThat(cn.app("shop").status().canary())
        .hasValueSatisfying(c -> assertThat(c.percent()).isEqualTo(20));

    DeployReport promoted = cn.app("shop").promote();

    assertThat(promoted.steps())
        .extracting(StepReport::step)
        .containsExactly("update-image", "await-rollout", "route", "remove-canary");
    assertThat(cn.app("shop").status().image()).isEqualTo("shop:2.0");
    assertThat(cn.app("shop").status().pods()).extracting(PodInfo::image).containsOnly("shop:2.0");
    assertThat(meshEndpoints("v2")).isEmpty();
    assertThat(sendTraffic(1000)).containsOnlyKeys("stable");
  }

  @Test
  void rollbackRemovesACanaryAndOtherwiseReturnsToThePreviousImage() {
    cn.app("shop").image("shop:1.0").replicas(1).deploy();
    cn.app("shop").canary("v2", "shop:2.0", 50);

    cn.app("shop").rollback();

    assertThat(cluster.deployment(cn.namespace(), "shop-v2")).isEmpty();
    assertThat(sendTraffic(200)).containsOnlyKeys("stable");

    cn.app("shop").image("shop:1.1").deploy();
    cn.app("shop").rollback();
    assertThat(cn.app("shop").status().image()).isEqualTo("shop:1.0");
  }

  @Test
  void undeployRemovesWhatDeployCreated() {
    cn.app("shop").image("shop:1.0").replicas(2).config("k", "v").deploy();

    cn.app("shop").undeploy();

    assertThat(cluster.deployments(cn.namespace())).isEmpty();
    assertThat(cluster.service(cn.namespace(), "shop")).isEmpty();
    assertThat(cluster.configMap(cn.namespace(), "shop-config")).isEmpty();
    assertThat(cn.storage().getString("apps/shop/config/k")).isEmpty();
    assertThat(cn.mesh().registry().snapshot().service("shop")).isEmpty();
  }

  @Test
  void aFailingStepNamesItselfAndUndeployCleansTheHalfDoneState() {
    cluster.failImage("broken:1");
    Application app =
        cn.app("broken").image("broken:1").rolloutTimeout(java.time.Duration.ofSeconds(3));

    assertThatThrownBy(app::deploy)
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("step 'await-rollout'")
        .satisfies(
            e -> assertThat(((DeployException) e).completedSteps()).contains("apply-deploy"));

    app.undeploy();
    assertThat(cluster.deployments(cn.namespace())).isEmpty();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cn.app("Bad_Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DNS-1123");
    assertThatThrownBy(() -> cn.app("shop").replicas(-1)).hasMessageContaining("allowed 0 or more");
    assertThatThrownBy(() -> cn.app("shop").expose(0, 8080))
        .hasMessageContaining("allowed 1..65535");
    assertThatThrownBy(() -> cn.app("shop").deploy())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no image");
    assertThatThrownBy(() -> cn.app("shop").canary("v2", "x:1", 10))
        .hasMessageContaining("not deployed");
    assertThat(cluster.deployments(cn.namespace())).isEmpty();
  }

  @Test
  void aGuardedFacadeChecksThePermissionOfEachOperation() {
    Security security =
        Security.custom()
            .tokens(TokenConfig.custom().issuer("test").audience("test").build())
            .passwordHasher(PasswordHasher.pbkdf2())
            .rbac(
                Rbac.custom()
                    .grant("viewer", Application.PERMISSION_READ)
                    .grant("deployer", Application.PERMISSION_DEPLOY)
                    .inherit("deployer", "viewer")
                    .build())
            .build();
    security.accounts().register("dora", "correct horse battery".toCharArray(), Set.of("deployer"));
    security.accounts().register("vic", "another long passphrase".toCharArray(), Set.of("viewer"));
    try (CloudNative guarded =
        CloudNative.builder()
            .cluster(InMemoryCluster.create())
            .security(security)
            .guardedBy(security.authorizer())
            .build()) {
      String deployer =
          security.login("dora", "correct horse battery".toCharArray()).accessToken().value();
      String viewer =
          security.login("vic", "another long passphrase".toCharArray()).accessToken().value();

      guarded.app("shop").image("shop:1.0").as(deployer).deploy();
      assertThat(guarded.app("shop").as(viewer).status().readyPods()).isEqualTo(1);
      assertThatThrownBy(() -> guarded.app("shop").as(viewer).deploy())
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> guarded.app("shop").status()).isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> guarded.app("shop").as(deployer).scale(2))
          .isInstanceOf(AccessDeniedException.class);
    }
  }

  @Test
  void backendsSayWhatIsSimulated() {
    assertThat(cn.backends())
        .extracting(Backend::module)
        .containsExactly("containers", "cluster", "mesh", "pipelines", "storage", "security");
    assertThat(cn.backends())
        .extracting(Backend::kind)
        .containsExactly(
            Backend.Kind.IN_MEMORY,
            Backend.Kind.IN_MEMORY,
            Backend.Kind.IN_PROCESS,
            Backend.Kind.IN_PROCESS,
            Backend.Kind.IN_MEMORY,
            Backend.Kind.IN_MEMORY);
    assertThat(cn.backends())
        .filteredOn(b -> !b.real())
        .extracting(Backend::module)
        .containsExactly("containers", "cluster", "storage", "security");
    assertThat(cn.backends().get(5).detail())
        .isEqualTo("users, revocations, refresh tokens kept in memory");
  }

  @Test
  void aStoreTheUserBuildsOverInMemoryNodesIsReportedAsInMemory() {
    KeyValueStore mine =
        KeyValueStore.replicated(
            StoreConfig.ofDefaults(),
            java.util.List.of(new InMemoryNode("a"), new InMemoryNode("b"), new InMemoryNode("c")));
    try (CloudNative own =
        CloudNative.builder().cluster(InMemoryCluster.create()).storage(mine).build()) {
      Backend storage = own.backends().get(4);
      assertThat(storage.kind()).isEqualTo(Backend.Kind.IN_MEMORY);
      assertThat(storage.toString())
          .isEqualTo("storage: ReplicatedStore (in memory) — every copy in this JVM's memory");
    }
  }

  private java.util.List<Endpoint> meshEndpoints(String subset) {
    return cn.mesh()
        .registry()
        .snapshot()
        .service("shop")
        .map(s -> s.endpoints(subset))
        .orElse(java.util.List.of());
  }

  private Map<String, Integer> sendTraffic(int requests) {
    Map<String, Integer> hits = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      String subset =
          cn.mesh()
              .call(
                  "shop",
                  MeshRequest.empty(),
                  endpoint -> endpoint.labels().getOrDefault("version", "stable"));
      hits.merge(subset, 1, Integer::sum);
    }
    return hits;
  }
}
