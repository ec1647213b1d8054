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
        cn.deploy(
            AppSpec.named("shop")
                .image("shop:1.0")
                .replicas(3)
                .expose(80, 8080)
                .env("MODE", "prod")
                .config("greeting", "hello")
                .build());

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
    cn.deploy(shop("shop:1.0", 2));

    cn.app("shop").scale(4);

    assertThat(cn.app("shop").status().readyPods()).isEqualTo(4);
    assertThat(meshEndpoints("stable")).hasSize(4);
    assertThat(cn.app("shop").spec())
        .hasValueSatisfying(s -> assertThat(s.replicas()).isEqualTo(4));
  }

  @Test
  void canarySplitsMeshTrafficThenPromoteMovesEverythingToTheNewImage() {
    cn.deploy(shop("shop:1.0", 2));

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
    assertThat(cn.app("shop").spec())
        .hasValueSatisfying(s -> assertThat(s.image()).isEqualTo("shop:2.0"));
  }

  @Test
  void rollbackRemovesACanaryAndOtherwiseReturnsToThePreviousImage() {
    AppSpec v1 = shop("shop:1.0", 1);
    cn.deploy(v1);
    cn.app("shop").canary("v2", "shop:2.0", 50);

    cn.app("shop").rollback();

    assertThat(cluster.deployment(cn.namespace(), "shop-v2")).isEmpty();
    assertThat(sendTraffic(200)).containsOnlyKeys("stable");

    cn.deploy(v1.toBuilder().image("shop:1.1").build());
    cn.app("shop").rollback();
    assertThat(cn.app("shop").status().image()).isEqualTo("shop:1.0");
    assertThat(cn.app("shop").spec()).contains(v1);
  }

  @Test
  void redeployingAChangedSpecRollsItOutAndDropsTheConfigItNoLongerHas() {
    AppSpec v1 =
        AppSpec.named("shop")
            .image("shop:1.0")
            .replicas(2)
            .config("a", "1")
            .config("b", "2")
            .build();
    cn.deploy(v1);

    DeployReport changed = cn.deploy(v1.toBuilder().replicas(3).withoutConfig("b").build());

    assertThat(changed.steps())
        .filteredOn(s -> s.step().equals("store-config"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).endsWith("1 no longer in the spec removed"));
    assertThat(cn.app("shop").status().readyPods()).isEqualTo(3);
    assertThat(cn.storage().getString("apps/shop/config/a")).contains("1");
    assertThat(cn.storage().getString("apps/shop/config/b")).isEmpty();
    assertThat(cluster.configMap(cn.namespace(), "shop-config")).contains(Map.of("a", "1"));

    DeployReport withoutConfig =
        cn.deploy(v1.toBuilder().withoutConfig("a").withoutConfig("b").build());

    assertThat(withoutConfig.steps()).extracting(StepReport::step).contains("forget-config");
    assertThat(cn.storage().getString("apps/shop/config/a")).isEmpty();
    assertThat(cluster.configMap(cn.namespace(), "shop-config")).isEmpty();
    assertThatThrownBy(() -> cn.deploy(v1.toBuilder().namespace("elsewhere").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is deployed to namespace '" + cn.namespace() + "'")
        .hasMessageContaining("undeploy() before deploying it to namespace 'elsewhere'");
  }

  @Test
  void undeployRemovesWhatDeployCreated() {
    cn.deploy(AppSpec.named("shop").image("shop:1.0").replicas(2).config("k", "v").build());

    cn.app("shop").undeploy();

    assertThat(cluster.deployments(cn.namespace())).isEmpty();
    assertThat(cluster.service(cn.namespace(), "shop")).isEmpty();
    assertThat(cluster.configMap(cn.namespace(), "shop-config")).isEmpty();
    assertThat(cn.storage().getString("apps/shop/config/k")).isEmpty();
    assertThat(cn.mesh().registry().snapshot().service("shop")).isEmpty();
    assertThat(cn.app("shop").spec()).isEmpty();
    assertThatThrownBy(() -> cn.app("shop").status())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'shop' is not deployed");
  }

  @Test
  void aFailingStepNamesItselfAndUndeployCleansTheHalfDoneState() {
    cluster.failImage("broken:1");
    AppSpec broken =
        AppSpec.named("broken")
            .image("broken:1")
            .rolloutTimeout(java.time.Duration.ofSeconds(3))
            .build();
    Application app = cn.app("broken");

    assertThatThrownBy(() -> app.deploy(broken))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("step 'await-rollout'")
        .satisfies(
            e -> assertThat(((DeployException) e).completedSteps()).contains("apply-deploy"));

    // the failed spec is kept, so that deploy() retries it and undeploy() knows what to clean
    assertThat(app.spec()).contains(broken);
    app.undeploy();
    assertThat(cluster.deployments(cn.namespace())).isEmpty();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cn.app("Bad_Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DNS-1123");
    assertThatThrownBy(() -> AppSpec.named("shop").replicas(-1))
        .hasMessageContaining("allowed 0 or more");
    assertThatThrownBy(() -> AppSpec.named("shop").expose(0, 8080))
        .hasMessageContaining("allowed 1..65535");
    assertThatThrownBy(() -> AppSpec.named("shop").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no image");
    assertThatThrownBy(() -> cn.app("shop").deploy())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no spec");
    assertThatThrownBy(() -> cn.app("shop").canary("v2", "x:1", 10))
        .hasMessageContaining("not deployed");
    assertThatThrownBy(() -> cn.app("shop").scale(-1)).hasMessageContaining("allowed 0 or more");
    assertThatThrownBy(() -> cn.app("shop").deploy(AppSpec.named("cart").image("c:1").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cart'")
        .hasMessageContaining("allowed only 'shop'");
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

      AppSpec shop = AppSpec.named("shop").image("shop:1.0").build();
      guarded.app("shop").as(deployer).deploy(shop);
      assertThat(guarded.app("shop").as(viewer).status().readyPods()).isEqualTo(1);
      assertThatThrownBy(() -> guarded.app("shop").as(viewer).deploy(shop))
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> guarded.app("shop").as(viewer).deploy())
          .isInstanceOf(AccessDeniedException.class);
      // the spec carries push credentials: reading it needs the deploy permission
      assertThatThrownBy(() -> guarded.app("shop").as(viewer).spec())
          .isInstanceOf(AccessDeniedException.class);
      assertThat(guarded.app("shop").as(deployer).spec()).contains(shop);
      // without a token: refused as an empty token
      assertThatThrownBy(() -> guarded.deploy(shop)).hasMessageContaining("token is empty");
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

  private static AppSpec shop(String image, int replicas) {
    return AppSpec.named("shop").image(image).replicas(replicas).build();
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
