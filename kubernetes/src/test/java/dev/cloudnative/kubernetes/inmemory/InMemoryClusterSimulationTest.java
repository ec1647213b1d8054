package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.AutoscalerSpec;
import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
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
import dev.cloudnative.kubernetes.WatchEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the simulated controllers do, step by step. */
class InMemoryClusterSimulationTest {

  private final InMemoryCluster cluster = InMemoryCluster.create();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static DeploymentSpec.Builder app(String image, int replicas) {
    return DeploymentSpec.named("app").running(image).withReplicas(replicas).withPort("http", 8080);
  }

  private List<PodInfo> pods() {
    return cluster.pods("default", Map.of("app", "app"));
  }

  @Test
  void podsGoFromPendingToRunningToReady() {
    cluster.apply(app("app:1", 2).withReadinessProbe(Probe.http("/ready", 8080)).build());
    assertThat(pods()).isEmpty();
    assertThat(cluster.rolloutStatus("default", "app").observedGeneration()).isZero();

    cluster.step();
    assertThat(pods())
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.phase()).isEqualTo(PodPhase.PENDING);
              assertThat(p.ready()).isFalse();
              assertThat(p.ip()).isEmpty();
              assertThat(p.ownerKind()).isEqualTo("ReplicaSet");
              assertThat(p.labels()).containsEntry("app", "app").containsKey("pod-template-hash");
            });

    cluster.step();
    assertThat(pods())
        .allSatisfy(
            p -> {
              assertThat(p.phase()).isEqualTo(PodPhase.RUNNING);
              assertThat(p.ready()).isFalse(); // the readiness probe has not passed yet
              assertThat(p.ip()).startsWith("10.244.");
              assertThat(p.node()).isEqualTo("inmemory-node");
            });
    assertThat(cluster.rolloutStatus("default", "app").complete()).isFalse();

    cluster.step();
    assertThat(pods()).allMatch(PodInfo::ready);
    RolloutStatus s = cluster.rolloutStatus("default", "app");
    assertThat(s.complete()).isTrue();
    assertThat(s.availableReplicas()).isEqualTo(2);
  }

  /** Steps a rollout to completion, checking the strategy's bounds after every step. */
  private void assertRolloutWithinBounds(
      int replicas, int maxTotal, int minAvailable, String newImage) {
    List<String> trace = new ArrayList<>();
    for (int i = 0; i < 50 && !cluster.rolloutStatus("default", "app").complete(); i++) {
      cluster.step();
      List<PodInfo> pods = pods();
      long available = pods.stream().filter(PodInfo::ready).count();
      trace.add(pods.size() + " pods, " + available + " available");
      assertThat(pods.size()).as("pods after step %d (%s)", i, trace).isLessThanOrEqualTo(maxTotal);
      assertThat(available)
          .as("available after step %d (%s)", i, trace)
          .isGreaterThanOrEqualTo(minAvailable);
    }
    assertThat(cluster.rolloutStatus("default", "app").complete()).as("trace %s", trace).isTrue();
    assertThat(pods()).hasSize(replicas).allSatisfy(p -> assertThat(p.image()).isEqualTo(newImage));
  }

  @Test
  void rollingUpdateSurgesWithoutLosingAvailability() {
    cluster.apply(app("app:1", 4).rollingUpdate(RollingUpdate.of(1, 0)).build());
    cluster.settle(20);
    cluster.updateImage("default", "app", "app:2");
    assertRolloutWithinBounds(4, 5, 4, "app:2");
  }

  @Test
  void rollingUpdateWithoutSurgeTakesDownAtMostMaxUnavailable() {
    cluster.apply(app("app:1", 4).rollingUpdate(new RollingUpdate("0", "50%")).build());
    cluster.settle(20);
    cluster.updateImage("default", "app", "app:2");
    assertRolloutWithinBounds(4, 4, 2, "app:2");
  }

  @Test
  void awaitRolloutDrivesTheSimulationAndReportsProgress() {
    cluster.apply(app("app:1", 3).withReadinessProbe(Probe.tcp(8080)).build());
    cluster.awaitRollout("default", "app", Duration.ofMinutes(1), RolloutListener.NONE);
    cluster.updateImage("default", "app", "app:2");
    List<RolloutStatus> progress = new ArrayList<>();
    RolloutStatus done =
        cluster.awaitRollout("default", "app", Duration.ofMinutes(1), progress::add);
    assertThat(done.complete()).isTrue();
    assertThat(progress.size()).isGreaterThan(2);
    assertThat(progress.get(0).observedGeneration()).isLessThan(progress.get(0).generation());
    assertThat(progress).extracting(RolloutStatus::updatedReplicas).contains(1, 3);
    assertThat(pods()).extracting(PodInfo::image).containsOnly("app:2");
  }

  @Test
  void scalingAddsAndRemovesPods() {
    cluster.apply(app("app:1", 1).build());
    cluster.settle(10);
    cluster.scale("default", "app", 4);
    cluster.step();
    assertThat(pods()).hasSize(4);
    cluster.settle(10);
    cluster.scale("default", "app", 2);
    cluster.step();
    assertThat(pods()).hasSize(2).allMatch(PodInfo::ready);
    assertThat(cluster.rolloutStatus("default", "app").complete()).isTrue();
  }

  @Test
  void serviceEndpointsAreTheReadyPods() {
    cluster.apply(app("app:1", 2).build());
    cluster.apply(ServiceSpec.named("app").port(80).to(8080).build());
    assertThat(cluster.service("default", "app"))
        .get()
        .satisfies(
            s -> {
              assertThat(s.clusterIp()).startsWith("10.96.");
              assertThat(s.endpoints()).isEmpty();
            });
    cluster.settle(10);
    Set<String> expected = pods().stream().map(p -> p.ip() + ":8080").collect(Collectors.toSet());
    assertThat(cluster.service("default", "app"))
        .get()
        .satisfies(
            s ->
                assertThat(s.endpoints()).hasSize(2).containsExactlyInAnyOrderElementsOf(expected));
    cluster.scale("default", "app", 0);
    cluster.step();
    assertThat(cluster.service("default", "app"))
        .get()
        .satisfies(s -> assertThat(s.endpoints()).isEmpty());
  }

  @Test
  void autoscalerFollowsTheReportedCpu() {
    cluster.apply(app("app:1", 2).build());
    cluster.apply(AutoscalerSpec.scale("app").between(1, 5).targetingCpu(50));
    cluster.settle(10);

    cluster.reportCpu("default", "app", 100);
    cluster.step();
    assertThat(cluster.deployment("default", "app"))
        .get()
        .extracting(DeploymentInfo::replicas)
        .isEqualTo(4);
    assertThat(cluster.autoscaler("default", "app"))
        .get()
        .satisfies(
            a -> {
              assertThat(a.currentCpuUtilizationPercent()).isEqualTo(100);
              assertThat(a.desiredReplicas()).isEqualTo(4);
            });

    cluster.reportCpu("default", "app", 200);
    cluster.step();
    assertThat(cluster.deployment("default", "app"))
        .get()
        .extracting(DeploymentInfo::replicas)
        .isEqualTo(5);

    cluster.reportCpu("default", "app", 53); // within the 10% tolerance of the target
    cluster.step();
    assertThat(cluster.deployment("default", "app"))
        .get()
        .extracting(DeploymentInfo::replicas)
        .isEqualTo(5);

    cluster.reportCpu("default", "app", 10);
    cluster.step();
    assertThat(cluster.deployment("default", "app"))
        .get()
        .extracting(DeploymentInfo::replicas)
        .isEqualTo(1);
    cluster.settle(10);
    assertThat(pods()).hasSize(1);
  }

  @Test
  void aCrashLoopingImageStallsTheRolloutButKeepsTheOldPodsServing() {
    cluster.apply(app("app:1", 2).build());
    cluster.apply(ServiceSpec.named("app").port(80).to(8080).build());
    cluster.settle(10);
    cluster.failImage("app:bad");
    cluster.updateImage("default", "app", "app:bad");

    assertThatThrownBy(
            () ->
                cluster.awaitRollout(
                    "default", "app", Duration.ofSeconds(30), RolloutListener.NONE))
        .isInstanceOfSatisfying(
            RolloutTimeoutException.class,
            e -> {
              assertThat(e.lastStatus().updatedReplicas()).isEqualTo(1);
              assertThat(e.lastStatus().availableReplicas()).isEqualTo(2);
            })
        .hasMessageContaining("(simulated)");
    assertThat(pods())
        .filteredOn(p -> p.image().equals("app:bad"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.ready()).isFalse();
              assertThat(p.restarts()).isGreaterThan(5);
            });
    assertThat(cluster.service("default", "app"))
        .get()
        .satisfies(s -> assertThat(s.endpoints()).hasSize(2));
  }

  @Test
  void rollbackReturnsToThePreviousTemplate() {
    cluster.apply(app("app:1", 2).build());
    cluster.settle(10);
    assertThatThrownBy(() -> cluster.rollback("default", "app"))
        .isInstanceOf(KubernetesNotFoundException.class);
    cluster.updateImage("default", "app", "app:2");
    cluster.settle(20);
    assertThat(cluster.deployment("default", "app"))
        .get()
        .extracting(DeploymentInfo::revision)
        .isEqualTo(2L);

    DeploymentInfo rolledBack = cluster.rollback("default", "app");
    assertThat(rolledBack.image()).isEqualTo("app:1");
    assertThat(rolledBack.revision()).isEqualTo(3L);
    cluster.awaitRollout("default", "app", Duration.ofMinutes(1), RolloutListener.NONE);
    assertThat(pods()).extracting(PodInfo::image).containsOnly("app:1");
  }

  @Test
  void restartReplacesEveryPod() {
    cluster.apply(app("app:1", 3).build());
    cluster.settle(10);
    Set<String> before = pods().stream().map(PodInfo::name).collect(Collectors.toSet());
    cluster.restart("default", "app");
    cluster.awaitRollout("default", "app", Duration.ofMinutes(1), RolloutListener.NONE);
    assertThat(pods()).hasSize(3).extracting(PodInfo::name).doesNotContainAnyElementsOf(before);
  }

  @Test
  void logsHonourTailSinceAndFollow() {
    cluster.apply(app("app:1", 1).build());
    cluster.settle(10);
    String pod = pods().get(0).name();
    cluster.appendLog("default", pod, "one");
    cluster.step(30);
    cluster.appendLog("default", pod, "two");
    cluster.appendLog("default", pod, "three");

    assertThat(cluster.logs("default", pod, LogOptions.all()))
        .isEqualTo("container app started from image app:1\none\ntwo\nthree\n");
    assertThat(cluster.logs("default", pod, LogOptions.all().tail(2))).isEqualTo("two\nthree\n");
    assertThat(cluster.logs("default", pod, LogOptions.all().since(cluster.now().minusSeconds(10))))
        .isEqualTo("two\nthree\n");
    assertThatThrownBy(() -> cluster.logs("default", pod, LogOptions.all().container("sidecar")))
        .isInstanceOf(KubernetesNotFoundException.class)
        .hasMessageContaining("sidecar");

    List<String> lines = new CopyOnWriteArrayList<>();
    Subscription follow = cluster.followLogs("default", pod, LogOptions.all().tail(1), lines::add);
    cluster.appendLog("default", pod, "four");
    assertThat(lines).containsExactly("three", "four");
    follow.close();
    follow.close(); // idempotent
    cluster.appendLog("default", pod, "five");
    assertThat(lines).containsExactly("three", "four");
    assertThat(follow.isEnded()).isTrue();
  }

  @Test
  void logsSinceAnInstantKeepTheLinesWrittenAtOrAfterIt() {
    cluster.apply(app("app:1", 1).build());
    cluster.settle(10);
    String pod = pods().get(0).name();
    cluster.appendLog("default", pod, "before");
    cluster.step();
    Instant mark = cluster.now();
    cluster.appendLog("default", pod, "at the mark");
    cluster.step();
    cluster.appendLog("default", pod, "after");

    assertThat(cluster.logs("default", pod, LogOptions.all().since(mark)))
        .isEqualTo("at the mark\nafter\n");
    assertThat(cluster.logs("default", pod, LogOptions.all().since(mark).tail(1)))
        .isEqualTo("after\n");
    assertThat(cluster.logs("default", pod, LogOptions.all().since(mark.plusNanos(1))))
        .isEqualTo("after\n");
    assertThat(cluster.logs("default", pod, LogOptions.all().since(cluster.now().plusSeconds(1))))
        .isEmpty();

    List<String> lines = new CopyOnWriteArrayList<>();
    try (Subscription follow =
        cluster.followLogs("default", pod, LogOptions.all().since(mark), lines::add)) {
      cluster.appendLog("default", pod, "followed");
      assertThat(lines).containsExactly("at the mark", "after", "followed");
    }
  }

  @Test
  void aLogFollowEndsWhenItsPodGoesOrTheClusterCloses() {
    cluster.apply(app("app:1", 2).build());
    cluster.settle(10);
    List<PodInfo> running = pods();
    Subscription first =
        cluster.followLogs("default", running.get(0).name(), LogOptions.all(), line -> {});
    Subscription second =
        cluster.followLogs("default", running.get(1).name(), LogOptions.all(), line -> {});
    assertThat(first.isEnded()).isFalse();

    cluster.delete(ResourceKind.POD, "default", running.get(0).name(), Propagation.BACKGROUND);
    assertThat(first.awaitEnd(Duration.ofSeconds(20))).isTrue();
    assertThat(second.isEnded()).isFalse();

    cluster.close();
    assertThat(second.awaitEnd(Duration.ofSeconds(20))).isTrue();
    second.close(); // harmless after the end
    assertThat(second.isEnded()).isTrue();
  }

  @Test
  void podWatchSeesTheLifecycle() {
    List<WatchEvent<PodInfo>> events = new CopyOnWriteArrayList<>();
    Subscription watch = cluster.watchPods("default", events::add);
    cluster.apply(app("app:1", 1).build());
    cluster.settle(10);
    cluster.scale("default", "app", 0);
    cluster.step();
    watch.close();
    cluster.apply(app("app:1", 1).build());
    cluster.settle(10);
    assertThat(events)
        .extracting(WatchEvent::type)
        .containsExactly(WatchEvent.Type.ADDED, WatchEvent.Type.MODIFIED, WatchEvent.Type.DELETED);
    assertThat(events.get(0).object().phase()).isEqualTo(PodPhase.PENDING);
    assertThat(events.get(1).object().ready()).isTrue();
  }

  @Test
  void orphanDeletionKeepsThePods() {
    cluster.apply(app("app:1", 2).build());
    cluster.settle(10);
    cluster.delete(ResourceKind.DEPLOYMENT, "default", "app", Propagation.ORPHAN);
    assertThat(pods()).hasSize(2).allSatisfy(p -> assertThat(p.ownerName()).isEmpty());

    cluster.apply(DeploymentSpec.named("other").running("x:1").withReplicas(2).build());
    cluster.settle(10);
    cluster.delete(ResourceKind.DEPLOYMENT, "default", "other", Propagation.FOREGROUND);
    assertThat(cluster.pods("default", Map.of("app", "other"))).isEmpty();
  }

  @Test
  void manualClockMakesTheWaitBlockUntilAnotherThreadSteps() throws Exception {
    InMemoryCluster manual = InMemoryCluster.builder().manualClock().build();
    manual.apply(app("app:1", 2).build());
    CompletableFuture<RolloutStatus> wait =
        CompletableFuture.supplyAsync(
            () ->
                manual.awaitRollout(
                    "default", "app", Duration.ofSeconds(30), RolloutListener.NONE));
    Thread.sleep(200);
    assertThat(wait).isNotDone();
    manual.step(3);
    assertThat(wait.get(10, TimeUnit.SECONDS).complete()).isTrue();
    manual.close();
  }

  @Test
  void unsupportedYamlKindsAreRejectedBeforeAnythingIsApplied() {
    String yaml =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: first
        data: {a: b}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: deny-all
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """;
    assertThatThrownBy(() -> cluster.applyYaml("default", yaml))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("does not simulate networking.k8s.io/v1/NetworkPolicy");
    assertThat(cluster.configMap("default", "first")).isEmpty();
  }

  @Test
  void applyingIntoAMissingNamespaceIsNotFound() {
    assertThatThrownBy(() -> cluster.apply(app("app:1", 1).inNamespace("nowhere").build()))
        .isInstanceOfSatisfying(
            KubernetesNotFoundException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("Namespace");
              assertThat(e.name()).isEqualTo("nowhere");
            });
  }

  @Test
  void concurrentWritersAndStepsKeepTheStateConsistent() throws Exception {
    cluster.apply(app("app:1", 2).build());
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 200; i++) {
                    if (id == 0) {
                      cluster.step();
                    } else if (id == 1) {
                      cluster.scale("default", "app", 1 + i % 5);
                    } else if (id == 2) {
                      cluster.updateImage("default", "app", "app:" + (i % 3));
                    } else {
                      cluster.pods("default", Map.of("app", "app"));
                      cluster.rolloutStatus("default", "app");
                    }
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(30_000);
    }
    assertThat(failures).isEmpty();
    RolloutStatus done =
        cluster.awaitRollout("default", "app", Duration.ofMinutes(5), RolloutListener.NONE);
    assertThat(pods())
        .hasSize(done.replicas())
        .allSatisfy(
            p ->
                assertThat(p.image())
                    .isEqualTo(cluster.deployment("default", "app").orElseThrow().image()));
  }

  @Test
  void theSelectorIsImmutable() {
    cluster.apply(app("app:1", 1).build());
    assertThatThrownBy(
            () ->
                cluster.apply(
                    app("app:1", 1)
                        .withLabel("tier", "web")
                        .selectedBy(Map.of("tier", "web"))
                        .build()))
        .isInstanceOfSatisfying(
            KubernetesInvalidException.class,
            e ->
                assertThat(e.causes())
                    .extracting(KubernetesInvalidException.FieldCause::field)
                    .containsExactly("spec.selector"));
  }
}
