package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.ImagePullException;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.Probe;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.RollingUpdate;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.RolloutTimeoutException;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local kubelet: with a pod runtime every pod is a real listener on loopback, probes are really
 * run against it, exited containers restart with back-off, and rollouts start and stop containers.
 */
class InMemoryClusterRuntimeTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final HttpServerRuntime runtime = new HttpServerRuntime();
  private final InMemoryCluster cluster =
      InMemoryCluster.builder()
          .runtime(runtime)
          .kubeletPeriod(Duration.ofMillis(20))
          .restartBackOff(Duration.ofMillis(50), Duration.ofMillis(200))
          .terminationGracePeriod(Duration.ZERO)
          .build();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static DeploymentSpec.Builder app(String image, int replicas) {
    return DeploymentSpec.named("app")
        .running(image)
        .withReplicas(replicas)
        .withPort("http", 8080)
        .withEnv("MODE", "test")
        .withReadinessProbe(Probe.http("/ready", 8080));
  }

  private List<PodInfo> pods() {
    return cluster.pods("default", Map.of("app", "app"));
  }

  private String get(PodInfo pod, int containerPort) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + pod.ip() + ":" + pod.port(containerPort) + "/"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void eventually(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within %s: %s", WAIT, what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void podsAreRealListenersOnLoopbackThatAnswerOnceReady() throws Exception {
    cluster.apply(app("shop:1", 3).build());
    cluster.apply(
        ServiceSpec.named("app").selecting(Map.of("app", "app")).port(80).to(8080).build());
    RolloutStatus status = cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);

    assertThat(status.complete()).isTrue();
    assertThat(pods())
        .hasSize(3)
        .allSatisfy(
            p -> {
              assertThat(p.simulated()).isFalse();
              assertThat(p.ip()).isEqualTo("127.0.0.1");
              assertThat(p.phase()).isEqualTo(PodPhase.RUNNING);
              assertThat(p.ready()).isTrue();
              assertThat(p.port(8080)).isNotEqualTo(8080);
            });
    for (PodInfo pod : pods()) {
      assertThat(get(pod, 8080)).isEqualTo("shop:1 " + pod.name());
    }
    assertThat(cluster.service("default", "app").orElseThrow().endpoints())
        .containsExactlyInAnyOrderElementsOf(
            pods().stream().map(p -> "127.0.0.1:" + p.port(8080)).toList());
    assertThat(cluster.logs("default", pods().get(0).name(), LogOptions.all()))
        .contains("MODE=test");
    assertThat(runtime.starts.get()).isEqualTo(3);
  }

  @Test
  void withoutAReadinessProbeAPodIsReadyOnceItsContainerStarted() throws Exception {
    cluster.apply(DeploymentSpec.named("app").running("shop:1").withPort(8080).build());
    cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
    assertThat(get(pods().get(0), 8080)).startsWith("shop:1");
  }

  @Test
  void anExitedContainerRestartsWithBackOffAndThePodReportsCrashLoopBackOff() throws Exception {
    cluster.apply(app("shop:exits", 1).build());
    // between restarts the pod waits out its back-off as CrashLoopBackOff
    eventually(
        "three restarts, then back-off",
        () ->
            pods().size() == 1
                && pods().get(0).restarts() >= 3
                && pods().get(0).reason().equals("CrashLoopBackOff"));

    PodInfo pod = pods().get(0);
    assertThat(pod.ready()).isFalse();
    assertThat(runtime.starts.get()).isGreaterThanOrEqualTo(4);
    assertThatThrownBy(
            () ->
                cluster.awaitRollout(
                    "default", "app", Duration.ofMillis(300), RolloutListener.NONE))
        .isInstanceOf(RolloutTimeoutException.class);
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainer() throws Exception {
    cluster.apply(
        app("shop:sick", 1)
            .withLivenessProbe(
                Probe.http("/healthz", 8080)
                    .withPeriod(Duration.ofMillis(30))
                    .withFailureThreshold(2))
            .build());
    eventually("a liveness restart", () -> pods().size() == 1 && pods().get(0).restarts() >= 1);
    assertThat(runtime.stops.get()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void execProbesRunInTheContainer() throws Exception {
    cluster.apply(app("shop:1", 1).withReadinessProbe(Probe.exec("false")).build());
    Thread.sleep(300);
    assertThat(pods().get(0).ready()).isFalse();
    cluster.apply(app("shop:1", 1).withReadinessProbe(Probe.exec("true")).build());
    assertThat(cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE).complete())
        .isTrue();
  }

  @Test
  void anImageNoRegistryHasIsErrImagePullThenImagePullBackOffAndFailsTheRollout() throws Exception {
    cluster.apply(app("shop:missing", 1).build());
    assertThatThrownBy(() -> cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE))
        .isInstanceOfSatisfying(
            ImagePullException.class,
            e -> {
              assertThat(e.image()).isEqualTo("shop:missing");
              assertThat(e.reason()).isIn("ErrImagePull", "ImagePullBackOff");
            });
    eventually("ImagePullBackOff", () -> pods().get(0).reason().equals("ImagePullBackOff"));
    assertThat(pods().get(0).phase()).isEqualTo(PodPhase.PENDING);
    assertThat(runtime.starts.get()).isZero();
  }

  @Test
  void aRollingUpdateReplacesContainersWithinSurgeAndAvailability() throws Exception {
    DeploymentSpec v1 = app("shop:1", 4).rollingUpdate(RollingUpdate.of(1, 0)).build();
    cluster.apply(v1);
    cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
    List<RolloutStatus> seen = new CopyOnWriteArrayList<>();

    cluster.updateImage("default", "app", "shop:2");
    cluster.awaitRollout("default", "app", WAIT, seen::add);

    assertThat(seen)
        .allSatisfy(
            s -> {
              assertThat(s.currentReplicas()).as("maxSurge 1").isLessThanOrEqualTo(5);
              assertThat(s.availableReplicas()).as("maxUnavailable 0").isGreaterThanOrEqualTo(4);
            });
    eventually(
        "old containers stopped",
        () -> runtime.runningImages().equals(List.of("shop:2", "shop:2", "shop:2", "shop:2")));
    for (PodInfo pod : pods()) {
      assertThat(get(pod, 8080)).startsWith("shop:2 ");
    }

    cluster.rollback("default", "app");
    cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
    eventually(
        "v1 containers back",
        () -> runtime.runningImages().equals(List.of("shop:1", "shop:1", "shop:1", "shop:1")));
  }

  @Test
  void scaleDeleteAndCloseStopTheContainers() throws Exception {
    cluster.apply(app("shop:1", 3).build());
    cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
    cluster.scale("default", "app", 1);
    cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
    eventually("two containers stopped", () -> runtime.running.size() == 1);

    cluster.delete(ResourceKind.DEPLOYMENT, "default", "app", Propagation.FOREGROUND);
    eventually("the last container stopped", () -> runtime.running.isEmpty());

    cluster.apply(app("shop:1", 2).build());
    cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
    cluster.close();
    cluster.close();
    assertThat(runtime.running).isEmpty();
    assertThatThrownBy(() -> cluster.pods("default", Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("in-memory cluster is closed");
  }

  @Test
  void followingAPodLogDeliversTheContainersLines() throws Exception {
    cluster.apply(app("shop:1", 1).build());
    cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
    List<String> lines = new CopyOnWriteArrayList<>();
    try (var follow =
        cluster.followLogs("default", pods().get(0).name(), LogOptions.all(), lines::add)) {
      eventually("the container's lines", () -> lines.size() >= 2);
    }
    assertThat(lines.get(0)).startsWith("starting shop:1 as app-");
  }

  @Test
  void aPodLogFollowEndsWithItsContainer() throws Exception {
    cluster.apply(app("shop:1", 1).build());
    cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
    String pod = pods().get(0).name();
    Subscription follow = cluster.followLogs("default", pod, LogOptions.all(), line -> {});
    assertThat(follow.isEnded()).isFalse();
    cluster.delete(ResourceKind.POD, "default", pod, Propagation.BACKGROUND);
    assertThat(follow.awaitEnd(WAIT)).isTrue();
    assertThat(follow.isEnded()).isTrue();
    follow.close();
  }
}
