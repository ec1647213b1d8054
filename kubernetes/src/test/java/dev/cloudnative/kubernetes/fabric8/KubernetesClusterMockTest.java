package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.AutoscalerSpec;
import dev.cloudnative.kubernetes.ClusterConfig;
import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.KubernetesForbiddenException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.KubernetesUnreachableException;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.RolloutTimeoutException;
import dev.cloudnative.kubernetes.RolloutVerdict;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.kubernetes.WatchEvent;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * fabric8-specific behaviour on the mock API server: rollout semantics, SSA fallback, logs, error
 * mapping.
 */
class KubernetesClusterMockTest {
  private static final String NS = "test";

  private MockApiServer api;
  private KubernetesCluster cluster;
  private KubernetesClient controller;

  @BeforeEach
  void start() {
    api = new MockApiServer();
    cluster = api.cluster(NS);
    controller = api.client();
    cluster.ensureNamespace(NS);
  }

  @AfterEach
  void stop() {
    cluster.close();
    api.close();
  }

  private static DeploymentSpec web(String image) {
    return DeploymentSpec.named("web").running(image).withReplicas(3).inNamespace(NS).build();
  }

  private void writeStatus(long observed, int total, int updated, int available) {
    FakeDeploymentController.write(
        controller,
        NS,
        "web",
        new DeploymentStatusBuilder()
            .withObservedGeneration(observed)
            .withReplicas(total)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(available)
            .withAvailableReplicas(available)
            .withUnavailableReplicas(
                Math.max(0, 3 - available) == 0 ? null : Math.max(0, 3 - available))
            .build());
  }

  /**
   * Waits (generously, the machine may be loaded) until the rollout wait has reported a matching
   * status.
   */
  private static void awaitProgress(
      List<RolloutStatus> progress, java.util.function.Predicate<RolloutStatus> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (progress.stream().noneMatch(seen)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the rollout wait never reported the expected status; saw " + progress);
      }
      Thread.sleep(10);
    }
  }

  private List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = api.server.takeRequest(20, TimeUnit.MILLISECONDS)) != null) {
      out.add(r);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // rollout wait

  @Test
  void rolloutWaitDoesNotReturnOnTheOldReplicaSetsPods() throws Exception {
    DeploymentInfo v1 = cluster.apply(web("app:1"));
    writeStatus(v1.status().generation(), 3, 3, 3);
    assertThat(cluster.rolloutStatus(NS, "web").complete()).isTrue();

    long generation = cluster.updateImage(NS, "web", "app:2").status().generation();
    assertThat(generation).isGreaterThan(v1.status().generation());
    // The old ReplicaSet's three pods are still all available: a readiness check that ignores
    // observedGeneration (fabric8's waitUntilReady) would return here.
    List<RolloutStatus> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<RolloutStatus> wait =
        CompletableFuture.supplyAsync(
            () -> cluster.awaitRollout(NS, "web", Duration.ofSeconds(30), progress::add));

    awaitProgress(progress, s -> s.observedGeneration() < generation);
    Thread.sleep(200);
    assertThat(wait).isNotDone();

    writeStatus(
        generation, 4, 1, 3); // controller observed v2, one surge pod created, not yet available
    awaitProgress(progress, s -> s.observedGeneration() == generation && s.updatedReplicas() == 1);
    assertThat(wait).isNotDone();

    writeStatus(generation, 3, 3, 2); // all updated, one not yet available
    awaitProgress(progress, s -> s.updatedReplicas() == 3 && s.availableReplicas() == 2);
    assertThat(wait).isNotDone();

    writeStatus(generation, 3, 3, 3);
    RolloutStatus done = wait.get(10, TimeUnit.SECONDS);
    assertThat(done.complete()).isTrue();
    assertThat(done.observedGeneration()).isEqualTo(generation);
    assertThat(progress).extracting(RolloutStatus::updatedReplicas).contains(1, 3);
  }

  @Test
  void rolloutTimeoutExplainsThatTheSpecUpdateWasNeverObserved() {
    DeploymentInfo v1 = cluster.apply(web("app:1"));
    writeStatus(v1.status().generation(), 3, 3, 3);
    cluster.updateImage(NS, "web", "app:2");
    long started = System.nanoTime();
    assertThatThrownBy(
            () -> cluster.awaitRollout(NS, "web", Duration.ofMillis(600), RolloutListener.NONE))
        .isInstanceOfSatisfying(
            RolloutTimeoutException.class,
            e -> {
              assertThat(e.lastStatus().observedGeneration()).isEqualTo(v1.status().generation());
              assertThat(e.lastStatus().availableReplicas()).isEqualTo(3);
            })
        .hasMessageContaining("spec update to be observed");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  /**
   * One row of kubectl's table driven through this cluster's rollout wait: the mock holds exactly
   * the status kubectl would read, and the wait must end as kubectl's {@code
   * DeploymentStatusViewer.Status} (kubernetes/kubectl pkg/polymorphichelpers/rollout_status.go)
   * does: return on done, throw at once on the progress deadline, keep waiting (and time out with
   * kubectl's line) otherwise.
   */
  private void assertWaitEndsAsKubectl(
      int specReplicas,
      boolean observed,
      DeploymentStatusBuilder counters,
      RolloutVerdict.State expected,
      String message) {
    cluster.apply(web("app:1"));
    long generation = cluster.scale(NS, "web", specReplicas).status().generation();
    FakeDeploymentController.write(
        controller,
        NS,
        "web",
        counters.withObservedGeneration(observed ? generation : generation - 1).build());
    RolloutStatus read = cluster.rolloutStatus(NS, "web");
    assertThat(read.verdict().state()).isEqualTo(expected);
    assertThat(read.verdict().message()).contains(message);
    switch (expected) {
      case DONE ->
          assertThat(cluster.awaitRollout(NS, "web", Duration.ofSeconds(30), RolloutListener.NONE))
              .isEqualTo(read);
      case FAILED -> {
        long started = System.nanoTime();
        assertThatThrownBy(
                () -> cluster.awaitRollout(NS, "web", Duration.ofSeconds(30), RolloutListener.NONE))
            .isInstanceOfSatisfying(
                RolloutTimeoutException.class, e -> assertThat(e.lastStatus()).isEqualTo(read))
            .hasMessageStartingWith(message);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofSeconds(20));
      }
      case WAITING ->
          assertThatThrownBy(
                  () ->
                      cluster.awaitRollout(NS, "web", Duration.ofMillis(300), RolloutListener.NONE))
              .isInstanceOfSatisfying(
                  RolloutTimeoutException.class, e -> assertThat(e.lastStatus()).isEqualTo(read))
              .hasMessageContaining("timed out after")
              .hasMessageContaining(message);
      default -> throw new AssertionError(expected);
    }
  }

  private static DeploymentStatusBuilder counters(
      int total, int updated, int available, int unavailable) {
    return new DeploymentStatusBuilder()
        .withReplicas(total)
        .withUpdatedReplicas(updated)
        .withReadyReplicas(available)
        .withAvailableReplicas(available)
        .withUnavailableReplicas(unavailable == 0 ? null : unavailable);
  }

  private static final String DONE = "deployment \"" + NS + "/web\" successfully rolled out";

  @Test
  void aScaleDownInProgressIsDoneAsKubectlSays() {
    // 1 desired, the new ReplicaSet still counts 3 pods: kubectl reports success.
    assertWaitEndsAsKubectl(1, true, counters(3, 3, 3, 0), RolloutVerdict.State.DONE, DONE);
  }

  @Test
  void aScaleToZeroWithPodsStillCountedIsDoneAsKubectlSays() {
    assertWaitEndsAsKubectl(0, true, counters(2, 2, 2, 0), RolloutVerdict.State.DONE, DONE);
  }

  @Test
  void aStaleUnavailableReplicasCountIsIgnoredAsKubectlDoes() {
    assertWaitEndsAsKubectl(3, true, counters(3, 3, 3, 2), RolloutVerdict.State.DONE, DONE);
  }

  @Test
  void aProgressDeadlineFailsTheWaitEvenWithCompleteCounters() {
    assertWaitEndsAsKubectl(
        3,
        true,
        counters(3, 3, 3, 0)
            .withConditions(
                new DeploymentConditionBuilder()
                    .withType("Available")
                    .withStatus("True")
                    .withReason("MinimumReplicasAvailable")
                    .build(),
                new DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason("ProgressDeadlineExceeded")
                    .build()),
        RolloutVerdict.State.FAILED,
        "deployment \"" + NS + "/web\" exceeded its progress deadline");
  }

  @Test
  void anUnobservedGenerationKeepsTheWaitGoingWhateverTheCounters() {
    assertWaitEndsAsKubectl(
        3, false, counters(3, 3, 3, 0), RolloutVerdict.State.WAITING, "spec update to be observed");
  }

  @Test
  void oldReplicasPendingTerminationKeepTheWaitGoing() {
    assertWaitEndsAsKubectl(
        2,
        true,
        counters(4, 2, 4, 0),
        RolloutVerdict.State.WAITING,
        "Waiting for deployment \""
            + NS
            + "/web\" rollout to finish: 2 old replicas are"
            + " pending termination");
  }

  @Test
  void progressDeadlineExceededEndsTheWaitEarly() {
    DeploymentInfo v1 = cluster.apply(web("app:1"));
    FakeDeploymentController.write(
        controller,
        NS,
        "web",
        new DeploymentStatusBuilder()
            .withObservedGeneration(v1.status().generation())
            .withReplicas(3)
            .withUpdatedReplicas(1)
            .withAvailableReplicas(0)
            .withUnavailableReplicas(3)
            .withConditions(
                new DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason("ProgressDeadlineExceeded")
                    .build())
            .build());
    long started = System.nanoTime();
    assertThatThrownBy(
            () -> cluster.awaitRollout(NS, "web", Duration.ofSeconds(30), RolloutListener.NONE))
        .isInstanceOf(RolloutTimeoutException.class)
        .hasMessageContaining("progress deadline");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  // ------------------------------------------------------------------------------------------
  // apply

  @Test
  void serverSideApplyFallsBackToCreateThenUpdateAndStopsTryingAfter415() throws Exception {
    drainRequests();
    cluster.apply(web("app:1"));
    List<RecordedRequest> create = drainRequests();
    assertThat(create.get(0).getMethod()).isEqualTo("PATCH");
    assertThat(create.get(0).getPath()).contains("fieldManager=cloudnative").contains("force=true");
    assertThat(create.get(0).getHeader("Content-Type")).contains("application/apply-patch+yaml");
    assertThat(create).extracting(RecordedRequest::getMethod).contains("POST");

    cluster.apply(web("app:2")); // the mock answers SSA on an existing object with 415
    List<RecordedRequest> update = drainRequests();
    assertThat(update.get(0).getMethod()).isEqualTo("PATCH");
    assertThat(update).extracting(RecordedRequest::getMethod).contains("PUT");

    cluster.apply(web("app:3"));
    assertThat(drainRequests())
        .extracting(RecordedRequest::getMethod)
        .doesNotContain("PATCH")
        .contains("PUT");
    assertThat(cluster.deployment(NS, "web"))
        .get()
        .extracting(DeploymentInfo::image)
        .isEqualTo("app:3");
  }

  @Test
  void invalidSpecsSendNoRequest() throws Exception {
    drainRequests();
    assertThatThrownBy(() -> cluster.scale(NS, "web", -2))
        .isInstanceOf(KubernetesInvalidException.class);
    assertThatThrownBy(() -> cluster.apply(DeploymentSpec.named("web").running("").build()))
        .isInstanceOf(KubernetesInvalidException.class);
    assertThatThrownBy(() -> cluster.ensureNamespace("UPPER"))
        .isInstanceOf(KubernetesInvalidException.class);
    assertThat(drainRequests()).isEmpty();
  }

  // ------------------------------------------------------------------------------------------
  // errors

  @Test
  void serverValidationErrorsCarryTheFieldCauses() {
    api.server
        .expect()
        .patch()
        .withPath(
            "/apis/apps/v1/namespaces/test/deployments/web?fieldManager=cloudnative&force=true")
        .andReturn(
            422,
            new StatusBuilder()
                .withStatus("Failure")
                .withReason("Invalid")
                .withCode(422)
                .withMessage("Deployment.apps \"web\" is invalid")
                .withNewDetails()
                .withName("web")
                .withKind("Deployment")
                .addNewCause()
                .withField("spec.template.spec.containers[0].image")
                .withReason("FieldValueRequired")
                .withMessage("Required value")
                .endCause()
                .endDetails()
                .build())
        .once();
    assertThatThrownBy(() -> cluster.apply(web("app:1")))
        .isInstanceOfSatisfying(
            KubernetesInvalidException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(422);
              assertThat(e.kind()).isEqualTo("Deployment");
              assertThat(e.namespace()).isEqualTo(NS);
              assertThat(e.name()).isEqualTo("web");
              assertThat(e.causes())
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.field()).isEqualTo("spec.template.spec.containers[0].image");
                        assertThat(c.reason()).isEqualTo("FieldValueRequired");
                      });
            })
        .hasMessageContaining("is invalid");
  }

  @Test
  void forbiddenIsMappedWithContext() {
    api.server
        .expect()
        .get()
        .withPath("/apis/apps/v1/namespaces/test/deployments/web")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage(
                    "deployments.apps \"web\" is forbidden: User \"ci\" cannot get resource")
                .build())
        .once();
    assertThatThrownBy(() -> cluster.deployment(NS, "web"))
        .isInstanceOfSatisfying(
            KubernetesForbiddenException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.name()).isEqualTo("web");
            })
        .hasMessageContaining("cannot get resource");
  }

  @Test
  void unreachableServerFailsFastWithoutRetries() {
    ClusterConfig config =
        ClusterConfig.master("http://127.0.0.1:1")
            .namespace(NS)
            .retries(0, Duration.ofMillis(100))
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(2))
            .build();
    long started = System.nanoTime();
    try (KubernetesCluster down = KubernetesCluster.connect(config)) {
      assertThatThrownBy(down::namespaces)
          .isInstanceOfSatisfying(
              KubernetesUnreachableException.class,
              e -> {
                assertThat(e.statusCode()).isZero();
                assertThat(e.kind()).isEqualTo("Namespace");
              })
          .hasMessageContaining("unreachable");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  // ------------------------------------------------------------------------------------------
  // rollback

  @Test
  void rollbackRestoresThePreviousReplicaSetsTemplate() {
    DeploymentInfo d = cluster.apply(web("app:2"));
    String uid =
        controller
            .apps()
            .deployments()
            .inNamespace(NS)
            .withName("web")
            .get()
            .getMetadata()
            .getUid();
    for (int revision = 1; revision <= 2; revision++) {
      controller
          .apps()
          .replicaSets()
          .inNamespace(NS)
          .resource(
              new ReplicaSetBuilder()
                  .withNewMetadata()
                  .withName("web-rev" + revision)
                  .withNamespace(NS)
                  .addToLabels("app", "web")
                  .addToLabels("pod-template-hash", "h" + revision)
                  .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision))
                  .addNewOwnerReference()
                  .withApiVersion("apps/v1")
                  .withKind("Deployment")
                  .withName("web")
                  .withUid(uid)
                  .withController(true)
                  .endOwnerReference()
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(revision == 2 ? 3 : 0)
                  .withNewSelector()
                  .addToMatchLabels("app", "web")
                  .endSelector()
                  .withNewTemplate()
                  .withNewMetadata()
                  .addToLabels("app", "web")
                  .addToLabels("pod-template-hash", "h" + revision)
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("web")
                  .withImage("app:" + revision)
                  .endContainer()
                  .endSpec()
                  .endTemplate()
                  .endSpec()
                  .build())
          .create();
    }
    DeploymentInfo rolledBack = cluster.rollback(NS, "web");
    assertThat(rolledBack.image()).isEqualTo("app:1");
    assertThat(rolledBack.status().generation()).isGreaterThan(d.status().generation());
    assertThat(
            controller
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("web")
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels())
        .doesNotContainKey("pod-template-hash");
  }

  @Test
  void rollbackWithoutHistoryIsNotFound() {
    cluster.apply(web("app:1"));
    assertThatThrownBy(() -> cluster.rollback(NS, "web"))
        .isInstanceOf(KubernetesNotFoundException.class)
        .hasMessageContaining("no previous revision");
  }

  // ------------------------------------------------------------------------------------------
  // pods, services, logs

  private void createRunningPod(String name) {
    controller
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels("app", "web")
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName("web-abc")
                .withUid("u1")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .addNewContainer()
                .withName("web")
                .withImage("app:1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("10.1.2.3")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addNewContainerStatus()
                .withName("web")
                .withRestartCount(2)
                .withReady(true)
                .endContainerStatus()
                .endStatus()
                .build())
        .create();
  }

  @Test
  void podsAreListedWithPhaseReadinessRestartsIpNodeAndOwner() {
    createRunningPod("web-abc-1");
    controller
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("other")
                .addToLabels("app", "other")
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .endStatus()
                .build())
        .create();

    List<PodInfo> pods = cluster.pods(NS, Map.of("app", "web"));
    assertThat(pods)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.name()).isEqualTo("web-abc-1");
              assertThat(p.phase()).isEqualTo(PodPhase.RUNNING);
              assertThat(p.ready()).isTrue();
              assertThat(p.restarts()).isEqualTo(2);
              assertThat(p.ip()).isEqualTo("10.1.2.3");
              assertThat(p.node()).isEqualTo("node-1");
              assertThat(p.ownerKind()).isEqualTo("ReplicaSet");
              assertThat(p.ownerName()).isEqualTo("web-abc");
              assertThat(p.image()).isEqualTo("app:1");
            });
    assertThat(cluster.pods(NS, Map.of())).hasSize(2);
  }

  @Test
  void serviceEndpointsComeFromTheEndpointsObject() {
    cluster.apply(ServiceSpec.named("web").inNamespace(NS).port(80).to(8080).build());
    controller
        .endpoints()
        .inNamespace(NS)
        .resource(
            new EndpointsBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .addNewSubset()
                .addNewAddress()
                .withIp("10.1.2.3")
                .endAddress()
                .addNewPort()
                .withPort(8080)
                .endPort()
                .endSubset()
                .build())
        .create();
    assertThat(cluster.service(NS, "web"))
        .get()
        .satisfies(s -> assertThat(s.endpoints()).containsExactly("10.1.2.3:8080"));
  }

  @Test
  void logsAreReadWithTailAndSince() {
    createRunningPod("web-abc-1");
    api.server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/test/pods/web-abc-1/log?pretty=false&tailLines=2")
        .andReturn(200, "two\nthree\n")
        .once();
    api.server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/test/pods/web-abc-1/log?pretty=false&sinceTime=2030-01-01T00:00:05Z")
        .andReturn(200, "recent\n")
        .once();
    api.server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/test/pods/web-abc-1/log?pretty=false"
                + "&sinceTime=2030-01-01T00:00:05Z&tailLines=1")
        .andReturn(200, "last recent\n")
        .once();
    assertThat(cluster.logs(NS, "web-abc-1", LogOptions.all().tail(2))).isEqualTo("two\nthree\n");
    // sinceTime is whole seconds on the server: the instant is rounded down, never losing a line
    Instant since = Instant.parse("2030-01-01T00:00:05.750Z");
    assertThat(cluster.logs(NS, "web-abc-1", LogOptions.all().since(since))).isEqualTo("recent\n");
    assertThat(cluster.logs(NS, "web-abc-1", LogOptions.all().since(since).tail(1)))
        .isEqualTo("last recent\n");
  }

  @Test
  void followedLogsArriveAsLinesUntilTheStreamEnds() throws Exception {
    createRunningPod("web-abc-1");
    api.server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/test/pods/web-abc-1/log?pretty=false&follow=true")
        .andReturn(200, "starting\nlistening on :8080\r\nready")
        .once();
    List<String> lines = new CopyOnWriteArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    Subscription follow =
        cluster.followLogs(
            NS,
            "web-abc-1",
            LogOptions.all(),
            line -> {
              lines.add(line);
              three.countDown();
            });
    try {
      assertThat(three.await(10, TimeUnit.SECONDS)).as("lines received: %s", lines).isTrue();
      // the mock sends the body and closes the stream, as a server does when the container ends
      assertThat(follow.awaitEnd(Duration.ofSeconds(20))).isTrue();
      assertThat(follow.isEnded()).isTrue();
    } finally {
      follow.close();
    }
    assertThat(lines).containsExactly("starting", "listening on :8080", "ready");
  }

  @Test
  void podWatchDeliversPodSnapshots() throws Exception {
    List<WatchEvent<PodInfo>> events = new CopyOnWriteArrayList<>();
    Subscription watch = cluster.watchPods(NS, events::add);
    try {
      createRunningPod("web-abc-1");
      controller.pods().inNamespace(NS).withName("web-abc-1").delete();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (events.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      watch.close();
    }
    assertThat(events)
        .extracting(WatchEvent::type)
        .containsExactly(WatchEvent.Type.ADDED, WatchEvent.Type.DELETED);
    assertThat(events.get(0).object())
        .satisfies(
            p -> {
              assertThat(p.ready()).isTrue();
              assertThat(p.ip()).isEqualTo("10.1.2.3");
            });
  }

  @Test
  void autoscalerStatusIsReadBack() {
    cluster.apply(web("app:1"));
    cluster.apply(AutoscalerSpec.scale("web").between(2, 8).targetingCpu(60).inNamespace(NS));
    HorizontalPodAutoscaler hpa =
        controller
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(NS)
            .withName("web")
            .get();
    hpa.setStatus(
        new HorizontalPodAutoscalerStatusBuilder()
            .withCurrentReplicas(3)
            .withDesiredReplicas(5)
            .addNewCurrentMetric()
            .withType("Resource")
            .withNewResource()
            .withName("cpu")
            .withNewCurrent()
            .withAverageUtilization(95)
            .endCurrent()
            .endResource()
            .endCurrentMetric()
            .build());
    controller
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(NS)
        .resource(hpa)
        .updateStatus();
    assertThat(cluster.autoscaler(NS, "web"))
        .get()
        .satisfies(
            a -> {
              assertThat(a.currentReplicas()).isEqualTo(3);
              assertThat(a.desiredReplicas()).isEqualTo(5);
              assertThat(a.currentCpuUtilizationPercent()).isEqualTo(95);
              assertThat(a.spec().targetCpuUtilizationPercent()).isEqualTo(60);
            });
  }

  @Test
  void statusJsonIsNotExposed() {
    // Our API speaks records: the mapped exception message names the object, not a Jackson node.
    api.server
        .expect()
        .get()
        .withPath("/apis/apps/v1/namespaces/test/deployments/web")
        .andReturn(
            500,
            Serialization.asJson(
                new StatusBuilder().withCode(500).withMessage("etcd timeout").build()))
        .once();
    assertThatThrownBy(() -> cluster.deployment(NS, "web"))
        .hasMessageContaining("Deployment test/web")
        .hasMessageContaining("etcd timeout");
  }
}
