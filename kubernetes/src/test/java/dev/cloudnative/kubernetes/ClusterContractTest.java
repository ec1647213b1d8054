package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Cluster} implementation must show. Subclasses provide the cluster and
 * the two things a test double cannot do by itself: play the deployment controller, and make a
 * rollout get stuck.
 */
public abstract class ClusterContractTest {

  protected static final String NS = "contract";

  protected Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}. */
  protected abstract Cluster newCluster();

  /**
   * Makes deployment {@code name} progress to a complete rollout of its current generation (on a
   * real or simulated cluster this happens by itself; on the CRUD mock a test thread writes the
   * status).
   */
  protected abstract AutoCloseable playController(String namespace, String name);

  /** Arranges that the next rollout of {@code name} to {@code image} never becomes available. */
  protected abstract void makeRolloutStuck(String namespace, String name, String image);

  /**
   * Makes the pods of deployment {@code name} exist and be ready (the simulation runs its
   * controllers; on the mock the test creates them from the deployment's template, as the
   * ReplicaSet controller and kubelet would).
   */
  protected abstract void runPods(String namespace, String name);

  /**
   * Arranges that the last two lines of {@code pod}'s log are {@code lines} (the simulation appends
   * them; on the mock a {@code server.expect()} stub answers the tail request).
   */
  protected abstract void writeLogTail(String namespace, String pod, String... lines);

  /**
   * Arranges that the pods of deployment {@code name} running {@code image} cannot pull it (the
   * simulation is told the image is missing; on the mock the test writes the pods a kubelet would,
   * waiting with {@code ErrImagePull}). Called after the deployment was applied or changed to
   * {@code image}.
   */
  protected abstract void makeImageMissing(String namespace, String name, String image);

  @BeforeEach
  void setUpCluster() {
    cluster = newCluster();
    cluster.ensureNamespace(NS);
  }

  @AfterEach
  void tearDownCluster() {
    cluster.close();
  }

  private static DeploymentSpec web(String image, int replicas) {
    return DeploymentSpec.named("web")
        .running(image)
        .withReplicas(replicas)
        .inNamespace(NS)
        .withEnv("MODE", "test")
        .withPort("http", 8080)
        .withReadinessProbe(Probe.http("/ready", 8080))
        .withResources(ResourceRequirements.requests("100m", "64Mi").limits("500m", "128Mi"))
        .build();
  }

  // ------------------------------------------------------------------------------------------
  // namespaces

  @Test
  void ensureNamespaceIsIdempotentAndDeleteRemovesIt() {
    cluster.ensureNamespace("team-a");
    cluster.ensureNamespace("team-a");
    assertThat(cluster.namespaces()).contains("team-a", NS);

    cluster.deleteNamespace("team-a");
    assertThat(cluster.namespaces()).doesNotContain("team-a");
    assertThatThrownBy(() -> cluster.deleteNamespace("team-a"))
        .isInstanceOfSatisfying(
            KubernetesNotFoundException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("Namespace");
              assertThat(e.name()).isEqualTo("team-a");
            });
  }

  @Test
  void namespaceNamesAreValidatedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.ensureNamespace("Team_A"))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("DNS-1123")
        .hasMessageContaining("Team_A");
  }

  // ------------------------------------------------------------------------------------------
  // deployments

  @Test
  void applyCreatesThenUpdatesADeployment() {
    DeploymentInfo created = cluster.apply(web("nginx:1.26", 2));
    assertThat(created.name()).isEqualTo("web");
    assertThat(created.namespace()).isEqualTo(NS);
    assertThat(created.image()).isEqualTo("nginx:1.26");
    assertThat(created.replicas()).isEqualTo(2);
    assertThat(created.selector()).isEqualTo(Map.of("app", "web"));
    long firstGeneration = created.status().generation();

    DeploymentInfo updated = cluster.apply(web("nginx:1.27", 2));
    assertThat(updated.image()).isEqualTo("nginx:1.27");
    assertThat(updated.status().generation()).isGreaterThan(firstGeneration);

    assertThat(cluster.deployment(NS, "web"))
        .get()
        .extracting(DeploymentInfo::image)
        .isEqualTo("nginx:1.27");
    assertThat(cluster.deployments(NS)).extracting(DeploymentInfo::name).containsExactly("web");
  }

  @Test
  void specsWithoutNamespaceLandInTheDefaultNamespace() {
    assertThat(cluster.defaultNamespace()).isEqualTo(NS);
    cluster.apply(DeploymentSpec.named("plain").running("busybox:1.36").build());
    assertThat(cluster.deployment(null, "plain")).isPresent();
    assertThat(cluster.deployment(NS, "plain")).isPresent();
  }

  @Test
  void absentDeploymentIsEmptyAndOperationsOnItThrowNotFoundWithContext() {
    assertThat(cluster.deployment(NS, "ghost")).isEmpty();
    assertThatThrownBy(() -> cluster.scale(NS, "ghost", 3))
        .isInstanceOfSatisfying(
            KubernetesNotFoundException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("Deployment");
              assertThat(e.namespace()).isEqualTo(NS);
              assertThat(e.name()).isEqualTo("ghost");
            });
    assertThatThrownBy(() -> cluster.rolloutStatus(NS, "ghost"))
        .isInstanceOf(KubernetesNotFoundException.class);
    assertThatThrownBy(() -> cluster.updateImage(NS, "ghost", "x:1"))
        .isInstanceOf(KubernetesNotFoundException.class);
    assertThatThrownBy(() -> cluster.restart(NS, "ghost"))
        .isInstanceOf(KubernetesNotFoundException.class);
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.scale(NS, "web", -1))
        .isInstanceOfSatisfying(
            KubernetesInvalidException.class,
            e -> {
              assertThat(e.statusCode()).isZero();
              assertThat(e.causes())
                  .extracting(KubernetesInvalidException.FieldCause::field)
                  .containsExactly("spec.replicas");
            })
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> cluster.updateImage(NS, "web", " "))
        .isInstanceOf(KubernetesInvalidException.class);
    assertThatThrownBy(() -> cluster.deployment(NS, "Bad_Name"))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("DNS-1123");
  }

  @Test
  void scaleChangesDesiredReplicas() {
    cluster.apply(web("nginx:1.27", 1));
    DeploymentInfo scaled = cluster.scale(NS, "web", 4);
    assertThat(scaled.replicas()).isEqualTo(4);
    assertThat(cluster.deployment(NS, "web"))
        .get()
        .extracting(DeploymentInfo::replicas)
        .isEqualTo(4);
  }

  @Test
  void updateImageAndRestartBumpTheGeneration() {
    long g1 = cluster.apply(web("nginx:1.26", 1)).status().generation();
    DeploymentInfo afterImage = cluster.updateImage(NS, "web", "nginx:1.27");
    assertThat(afterImage.image()).isEqualTo("nginx:1.27");
    assertThat(afterImage.status().generation()).isGreaterThan(g1);
    DeploymentInfo afterRestart = cluster.restart(NS, "web");
    assertThat(afterRestart.status().generation()).isGreaterThan(afterImage.status().generation());
    assertThat(afterRestart.image()).isEqualTo("nginx:1.27");
  }

  // ------------------------------------------------------------------------------------------
  // rollout

  @Test
  void awaitRolloutReturnsOnceTheCurrentGenerationIsAvailable() throws Exception {
    cluster.apply(web("nginx:1.26", 3));
    AutoCloseable controller = playController(NS, "web");
    try {
      cluster.awaitRollout(NS, "web", Duration.ofSeconds(20), RolloutListener.NONE);
      DeploymentInfo updated = cluster.updateImage(NS, "web", "nginx:1.27");
      List<RolloutStatus> progress = new CopyOnWriteArrayList<>();
      RolloutStatus done = cluster.awaitRollout(NS, "web", Duration.ofSeconds(20), progress::add);

      assertThat(done.complete()).isTrue();
      assertThat(done.observedGeneration()).isGreaterThanOrEqualTo(updated.status().generation());
      assertThat(done.updatedReplicas()).isEqualTo(3);
      assertThat(done.availableReplicas()).isEqualTo(3);
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1)).isEqualTo(done);
      assertThat(progress.subList(0, progress.size() - 1)).noneMatch(RolloutStatus::complete);
    } finally {
      controller.close();
    }
  }

  @Test
  void everyStatusARolloutWaitReportsIsJudgedAsKubectlJudgesIt() throws Exception {
    cluster.apply(web("nginx:1.26", 3));
    try (AutoCloseable controller = playController(NS, "web")) {
      List<RolloutStatus> progress = new CopyOnWriteArrayList<>();
      cluster.awaitRollout(NS, "web", Duration.ofSeconds(20), progress::add);
      cluster.scale(NS, "web", 1);
      RolloutStatus down = cluster.awaitRollout(NS, "web", Duration.ofSeconds(20), progress::add);
      cluster.scale(NS, "web", 0);
      RolloutStatus zero = cluster.awaitRollout(NS, "web", Duration.ofSeconds(20), progress::add);

      // kubectl's rule (kubernetes/kubectl pkg/polymorphichelpers/rollout_status.go): done once
      // the generation is observed, updated >= spec, no old replicas and updated all available.
      for (RolloutStatus s : List.of(down, zero)) {
        assertThat(s.observedGeneration()).isGreaterThanOrEqualTo(s.generation());
        assertThat(s.updatedReplicas()).isGreaterThanOrEqualTo(s.replicas());
        assertThat(s.currentReplicas()).isLessThanOrEqualTo(s.updatedReplicas());
        assertThat(s.availableReplicas()).isGreaterThanOrEqualTo(s.updatedReplicas());
        assertThat(s.verdict())
            .isEqualTo(
                new RolloutVerdict(
                    RolloutVerdict.State.DONE,
                    "deployment \"" + NS + "/web\" successfully rolled out"));
      }
      assertThat(zero.replicas()).isZero();
      // complete() and describe() are one verdict: they never disagree on any observed status.
      assertThat(progress).isNotEmpty();
      for (RolloutStatus s : progress) {
        assertThat(s.complete()).as("%s", s).isEqualTo(s.verdict().done());
        assertThat(s.describe()).as("%s", s).isEqualTo(s.verdict().message());
        assertThat(s.describe().contains("successfully rolled out")).isEqualTo(s.complete());
      }
    }
  }

  @Test
  void awaitRolloutTimesOutWithTheLastObservedStatus() {
    cluster.apply(web("nginx:1.26", 2));
    makeRolloutStuck(NS, "web", "nginx:broken");
    cluster.updateImage(NS, "web", "nginx:broken");
    assertThatThrownBy(
            () -> cluster.awaitRollout(NS, "web", Duration.ofMillis(1500), RolloutListener.NONE))
        .isInstanceOfSatisfying(
            RolloutTimeoutException.class,
            e -> {
              assertThat(e.lastStatus().complete()).isFalse();
              assertThat(e.lastStatus().name()).isEqualTo("web");
              assertThat(e.namespace()).isEqualTo(NS);
            })
        .hasMessageContaining("timed out after")
        .hasMessageContaining(NS + "/web")
        .hasMessageContaining("Waiting for");
  }

  @Test
  void aMissingImageFailsTheRolloutAsAnImagePullFailure() {
    String missing = "localhost:5000/never-built/web:1";
    cluster.apply(web(missing, 2));
    makeImageMissing(NS, "web", missing);
    assertThatThrownBy(
            () -> cluster.awaitRollout(NS, "web", Duration.ofSeconds(30), RolloutListener.NONE))
        .isInstanceOfSatisfying(
            ImagePullException.class,
            e -> {
              assertThat(e.image()).isEqualTo(missing);
              assertThat(ImagePullException.REASONS).contains(e.reason());
              assertThat(e.status().complete()).isFalse();
              assertThat(e.name()).isEqualTo("web");
            })
        .hasMessageContaining("cannot pull image " + missing);
  }

  @Test
  void rollingOutAMissingImageFailsAndNeverReportsSuccess() throws Exception {
    cluster.apply(web("nginx:1.26", 2));
    try (AutoCloseable controller = playController(NS, "web")) {
      cluster.awaitRollout(NS, "web", Duration.ofSeconds(30), RolloutListener.NONE);
    }
    String missing = "localhost:5000/never-built/web:2";
    cluster.updateImage(NS, "web", missing);
    makeImageMissing(NS, "web", missing);
    assertThatThrownBy(
            () -> cluster.awaitRollout(NS, "web", Duration.ofSeconds(30), RolloutListener.NONE))
        .isInstanceOf(ImagePullException.class)
        .hasMessageContaining(missing);
    assertThat(cluster.rolloutStatus(NS, "web").complete()).isFalse();
  }

  @Test
  void imageReferencesFollowDockersGrammarOnEveryCall() {
    cluster.apply(web("nginx:1.26", 1));
    for (String bad :
        List.of("Nginx:1.26", "registry.local/Shop:1.0", "nginx:-1", "nginx@sha256:short")) {
      assertThatThrownBy(() -> cluster.updateImage(NS, "web", bad))
          .as(bad)
          .isInstanceOf(KubernetesInvalidException.class)
          .hasMessageContaining("InvalidImageName");
      assertThatThrownBy(() -> cluster.apply(web(bad, 1)))
          .as(bad)
          .isInstanceOf(KubernetesInvalidException.class);
    }
    assertThat(cluster.deployment(NS, "web").orElseThrow().image()).isEqualTo("nginx:1.26");
  }

  @Test
  void closeIsIdempotentAndEveryCallAfterItThrowsIllegalState() {
    cluster.apply(web("nginx:1.26", 1));
    cluster.close();
    cluster.close();
    List<Runnable> calls =
        List.of(
            () -> cluster.namespaces(),
            () -> cluster.ensureNamespace("after"),
            () -> cluster.apply(web("nginx:1.26", 1)),
            () -> cluster.deployment(NS, "web"),
            () -> cluster.pods(NS, Map.of()),
            () -> cluster.scale(NS, "web", 2),
            () -> cluster.rolloutStatus(NS, "web"),
            () -> cluster.awaitRollout(NS, "web", Duration.ofSeconds(1), RolloutListener.NONE),
            () -> cluster.applyYaml(NS, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"),
            () -> cluster.watchPods(NS, e -> {}),
            () -> cluster.delete(ResourceKind.DEPLOYMENT, NS, "web", Propagation.BACKGROUND));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is closed");
    }
  }

  // ------------------------------------------------------------------------------------------
  // services, config

  @Test
  void applyServiceWithDefaultsAndReadItBack() {
    ServiceInfo svc =
        cluster.apply(
            ServiceSpec.named("web")
                .inNamespace(NS)
                .port("http", 80)
                .to(8080)
                .port("metrics", 9090)
                .as(ServiceType.NODE_PORT)
                .build());
    assertThat(svc.type()).isEqualTo(ServiceType.NODE_PORT);
    assertThat(svc.selector()).isEqualTo(Map.of("app", "web"));
    assertThat(svc.ports())
        .extracting(ServicePort::port, ServicePort::targetPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(80, 8080),
            org.assertj.core.groups.Tuple.tuple(9090, 9090));

    cluster.apply(ServiceSpec.named("web").inNamespace(NS).port(80).to(8081).build());
    assertThat(cluster.service(NS, "web"))
        .get()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(ServiceType.CLUSTER_IP);
              assertThat(s.ports())
                  .singleElement()
                  .extracting(ServicePort::targetPort)
                  .isEqualTo(8081);
            });
    assertThat(cluster.service(NS, "nothing")).isEmpty();
  }

  @Test
  void configMapsAndSecretsRoundTrip() {
    cluster.apply(
        ConfigMapSpec.of("settings", Map.of("url", "jdbc:h2:mem", "pool", "4")).inNamespace(NS));
    cluster.apply(SecretSpec.of("creds", Map.of("password", "s3cr3t-ü")).inNamespace(NS));
    assertThat(cluster.configMap(NS, "settings"))
        .contains(Map.of("url", "jdbc:h2:mem", "pool", "4"));
    assertThat(cluster.secret(NS, "creds")).contains(Map.of("password", "s3cr3t-ü"));
    assertThat(SecretSpec.of("creds", Map.of("password", "s3cr3t")).toString())
        .doesNotContain("s3cr3t");

    cluster.apply(ConfigMapSpec.of("settings", Map.of("url", "jdbc:pg")).inNamespace(NS));
    assertThat(cluster.configMap(NS, "settings")).contains(Map.of("url", "jdbc:pg"));
    assertThat(cluster.configMap(NS, "missing")).isEmpty();
  }

  @Test
  void deploymentEnvCanReferenceConfigMapsAndSecrets() {
    DeploymentSpec spec =
        DeploymentSpec.named("api")
            .running("api:1")
            .inNamespace(NS)
            .withEnvFromConfigMap("DB_URL", "settings", "url")
            .withEnvFromSecret("DB_PASSWORD", "creds", "password")
            .build();
    assertThat(cluster.apply(spec).name()).isEqualTo("api");
  }

  @Test
  void autoscalerIsAppliedAndReadBack() {
    cluster.apply(web("nginx:1.27", 2));
    AutoscalerInfo hpa =
        cluster.apply(AutoscalerSpec.scale("web").between(2, 6).targetingCpu(70).inNamespace(NS));
    assertThat(hpa.spec().deployment()).isEqualTo("web");
    assertThat(cluster.autoscaler(NS, "web"))
        .get()
        .satisfies(
            a -> {
              assertThat(a.spec().minReplicas()).isEqualTo(2);
              assertThat(a.spec().maxReplicas()).isEqualTo(6);
              assertThat(a.spec().targetCpuUtilizationPercent()).isEqualTo(70);
            });
  }

  // ------------------------------------------------------------------------------------------ yaml

  @Test
  void multiDocumentYamlIsAppliedIntoTheNamespace(@TempDir Path dir) throws Exception {
    String yaml =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-config
        data:
          greeting: hello
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: hello
          labels:
            app: hello
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: hello
          template:
            metadata:
              labels:
                app: hello
            spec:
              containers:
              - name: hello
                image: hello:1.0
                ports:
                - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: hello
        spec:
          selector:
            app: hello
          ports:
          - port: 80
            targetPort: 8080
        """;
    List<ResourceRef> applied = cluster.applyYaml(NS, yaml);
    assertThat(applied)
        .containsExactly(
            new ResourceRef("ConfigMap", NS, "app-config"),
            new ResourceRef("Deployment", NS, "hello"),
            new ResourceRef("Service", NS, "hello"));
    assertThat(cluster.configMap(NS, "app-config")).contains(Map.of("greeting", "hello"));
    assertThat(cluster.deployment(NS, "hello"))
        .get()
        .extracting(DeploymentInfo::image, DeploymentInfo::replicas)
        .containsExactly("hello:1.0", 2);
    assertThat(cluster.service(NS, "hello")).isPresent();

    Path file = dir.resolve("cm.yaml");
    Files.writeString(
        file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\ndata:\n  k: v\n");
    assertThat(cluster.applyYaml(NS, file))
        .containsExactly(new ResourceRef("ConfigMap", NS, "from-file"));
    assertThat(cluster.configMap(NS, "from-file")).contains(Map.of("k", "v"));
  }

  // ------------------------------------------------------------------------------------------
  // watch

  @Test
  void watchReportsAddModifyDelete() throws Exception {
    BlockingQueue<WatchEvent<DeploymentInfo>> events = new LinkedBlockingQueue<>();
    Subscription watch = cluster.watchDeployments(NS, events::add);
    try {
      cluster.apply(web("nginx:1.27", 1));
      WatchEvent<DeploymentInfo> added = poll(events, e -> e.type() == WatchEvent.Type.ADDED);
      assertThat(added.object().name()).isEqualTo("web");

      cluster.scale(NS, "web", 3);
      WatchEvent<DeploymentInfo> modified =
          poll(events, e -> e.type() == WatchEvent.Type.MODIFIED && e.object().replicas() == 3);
      assertThat(modified.object().name()).isEqualTo("web");

      cluster.delete(ResourceKind.DEPLOYMENT, NS, "web", Propagation.BACKGROUND);
      WatchEvent<DeploymentInfo> deleted = poll(events, e -> e.type() == WatchEvent.Type.DELETED);
      assertThat(deleted.object().name()).isEqualTo("web");
    } finally {
      watch.close();
    }
  }

  @Test
  void aWatchEndsWhenClosedAndWhenTheClusterCloses() {
    List<KubernetesException> closes = new CopyOnWriteArrayList<>();
    WatchListener<DeploymentInfo> listener =
        new WatchListener<>() {
          @Override
          public void onEvent(WatchEvent<DeploymentInfo> event) {}

          @Override
          public void onClose(KubernetesException reason) {
            closes.add(reason);
          }
        };
    Subscription closedByUser = cluster.watchDeployments(NS, listener);
    assertThat(closedByUser.isEnded()).isFalse();
    assertThat(closedByUser.awaitEnd(Duration.ZERO)).isFalse();
    closedByUser.close();
    assertThat(closedByUser.isEnded()).isTrue();
    assertThat(closedByUser.awaitEnd(Duration.ZERO)).isTrue();
    closedByUser.close(); // idempotent

    Subscription endedByCluster = cluster.watchPods(NS, event -> {});
    assertThat(endedByCluster.isEnded()).isFalse();
    cluster.close();
    assertThat(endedByCluster.awaitEnd(Duration.ofSeconds(20))).isTrue();
    assertThat(endedByCluster.isEnded()).isTrue();
    endedByCluster.close(); // harmless after the end
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (closes.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(closes).containsExactly((KubernetesException) null);

    assertThatThrownBy(() -> endedByCluster.awaitEnd(Duration.ofSeconds(-1)))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("PT-1S")
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> endedByCluster.awaitEnd(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
  }

  private static <T> WatchEvent<T> poll(
      BlockingQueue<WatchEvent<T>> events, java.util.function.Predicate<WatchEvent<T>> wanted)
      throws InterruptedException {
    List<WatchEvent<T>> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      WatchEvent<T> e = events.poll(100, TimeUnit.MILLISECONDS);
      if (e != null) {
        if (wanted.test(e)) {
          return e;
        }
        seen.add(e);
      }
    }
    throw new AssertionError("no matching watch event within 20s; saw " + seen);
  }

  // ------------------------------------------------------------------------------------------
  // delete

  @Test
  void deleteByNameAndByLabel() {
    cluster.apply(web("nginx:1.27", 1));
    cluster.apply(
        DeploymentSpec.named("worker")
            .running("worker:1")
            .inNamespace(NS)
            .withLabel("tier", "batch")
            .build());
    cluster.apply(
        DeploymentSpec.named("cron")
            .running("cron:1")
            .inNamespace(NS)
            .withLabel("tier", "batch")
            .build());
    cluster.apply(ConfigMapSpec.of("settings", Map.of("a", "b")).inNamespace(NS));

    assertThat(
            cluster.deleteByLabel(
                ResourceKind.DEPLOYMENT, NS, Map.of("tier", "batch"), Propagation.FOREGROUND))
        .isEqualTo(2);
    assertThat(cluster.deployments(NS)).extracting(DeploymentInfo::name).containsExactly("web");

    cluster.delete(ResourceKind.DEPLOYMENT, NS, "web", Propagation.BACKGROUND);
    cluster.delete(ResourceKind.CONFIG_MAP, NS, "settings", Propagation.BACKGROUND);
    assertThat(cluster.deployments(NS)).isEmpty();
    assertThat(cluster.configMap(NS, "settings")).isEmpty();
    assertThatThrownBy(
            () -> cluster.delete(ResourceKind.DEPLOYMENT, NS, "web", Propagation.BACKGROUND))
        .isInstanceOfSatisfying(
            KubernetesNotFoundException.class, e -> assertThat(e.name()).isEqualTo("web"));
    assertThatThrownBy(
            () ->
                cluster.deleteByLabel(
                    ResourceKind.DEPLOYMENT, NS, Map.of(), Propagation.BACKGROUND))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("empty selector");
  }

  @Test
  void podsOfADeploymentAreListedWithStatusAndOwner() {
    cluster.apply(web("nginx:1.27", 2));
    runPods(NS, "web");
    List<PodInfo> pods = cluster.pods(NS, Map.of("app", "web"));
    assertThat(pods)
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.namespace()).isEqualTo(NS);
              assertThat(p.phase()).isEqualTo(PodPhase.RUNNING);
              assertThat(p.ready()).isTrue();
              assertThat(p.ip()).isNotEmpty();
              assertThat(p.node()).isNotEmpty();
              assertThat(p.ownerKind()).isEqualTo("ReplicaSet");
              assertThat(p.ownerName()).startsWith("web-");
              assertThat(p.image()).isEqualTo("nginx:1.27");
            });
    assertThat(cluster.pods(NS, Map.of("app", "other"))).isEmpty();

    String pod = pods.get(0).name();
    writeLogTail(NS, pod, "GET /ready 200", "GET / 200");
    assertThat(cluster.logs(NS, pod, LogOptions.all().tail(2)))
        .isEqualTo("GET /ready 200\nGET / 200\n");

    cluster.delete(ResourceKind.POD, NS, pod, Propagation.BACKGROUND);
    assertThat(cluster.pods(NS, Map.of("app", "web")))
        .extracting(PodInfo::name)
        .doesNotContain(pod);
  }

  @Test
  void logsOfAnAbsentPodThrowNotFound() {
    assertThatThrownBy(() -> cluster.logs(NS, "no-such-pod", LogOptions.all().tail(10)))
        .isInstanceOfSatisfying(
            KubernetesNotFoundException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("Pod");
              assertThat(e.name()).isEqualTo("no-such-pod");
            });
  }
}
