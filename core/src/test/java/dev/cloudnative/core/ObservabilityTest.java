package dev.cloudnative.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.RolloutVerdict;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import dev.cloudnative.mesh.MeshRequest;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One registry handed to the facade reaches every module it builds, the facade's workflows are
 * timed and observed, and {@link AppStatus} carries typed per-window traffic figures.
 */
class ObservabilityTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TestObservationRegistry observations = TestObservationRegistry.create();
  // Simulated pods (no image needed) on a cluster built with the same registries; the test of the
  // facade's own defaults below builds a real image for the embedded runtime instead.
  private final CloudNative cn =
      CloudNative.builder()
          .meterRegistry(meters)
          .observationRegistry(observations)
          .cluster(
              InMemoryCluster.builder()
                  .meterRegistry(meters)
                  .observationRegistry(observations)
                  .build())
          .build();

  @TempDir Path site;

  @AfterEach
  void close() {
    cn.close();
  }

  @Test
  void workflowsAndTheirStepsAreTimedAndObserved() {
    cn.deploy(AppSpec.named("shop").image("shop:1.0").replicas(2).config("k", "v").build());
    cn.app("shop").scale(3);

    Timer deploy = meters.get("cloudnative.workflow.duration").tags("workflow", "deploy").timer();
    assertThat(deploy.count()).isEqualTo(1);
    assertThat(deploy.getId().getTag("outcome")).isEqualTo("success");
    assertThat(deploy.getId().getTag("application")).isEqualTo("shop");
    assertThat(
            meters
                .get("cloudnative.workflow.step.duration")
                .tags("workflow", "deploy", "step", "await-rollout")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            meters.get("cloudnative.workflow.duration").tags("workflow", "scale").timer().count())
        .isEqualTo(1);
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("cloudnative.workflow")
        .that()
        .hasLowCardinalityKeyValue("workflow", "deploy")
        .hasBeenStopped();
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("cloudnative.workflow.step")
        .that()
        .hasParentObservationContextMatching(
            parent -> "cloudnative.workflow".equals(parent.getName()));
  }

  @Test
  void aFailedStepCountsAsAFailedWorkflowAndRecordsTheError() {
    WorkflowInstruments instruments =
        new WorkflowInstruments(java.util.Optional.of(meters), observations);
    Workflow w = new Workflow("shop", "canary v3", instruments);
    w.step("first", () -> "done");
    IllegalStateException boom = new IllegalStateException("no capacity");

    assertThatThrownBy(
            () ->
                w.step(
                    "second",
                    () -> {
                      throw boom;
                    }))
        .isInstanceOf(DeployException.class)
        .hasCause(boom);

    assertThat(
            meters
                .get("cloudnative.workflow.duration")
                .tags("workflow", "canary", "outcome", "failure")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get("cloudnative.workflow.step.duration")
                .tags("step", "second", "outcome", "failure")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get("cloudnative.workflow.step.duration")
                .tags("step", "first", "outcome", "success")
                .timer()
                .count())
        .isEqualTo(1);
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("cloudnative.workflow")
        .that()
        .hasHighCardinalityKeyValue("detail", "canary v3")
        .hasError(boom)
        .hasBeenStopped();
  }

  @Test
  void theOneRegistryReachesTheModulesTheFacadeBuilds() throws Exception {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    Files.writeString(site.resolve("index.html"), "<h1>shop</h1>\n");
    Files.writeString(
        site.resolve("Dockerfile"),
        String.join(
            "\n",
            "FROM scratch",
            "COPY index.html /www/index.html",
            "EXPOSE 8080",
            "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]",
            ""));
    try (CloudNative embedded = CloudNative.builder().meterRegistry(own).build()) {
      embedded.deploy(
          AppSpec.named("shop")
              .buildFrom(site)
              .image("shop:1.0")
              .replicas(2)
              .expose(80, 8080)
              .config("k", "v")
              .build());
      for (int i = 0; i < 20; i++) {
        embedded.mesh().call("shop", MeshRequest.empty(), endpoint -> "ok");
      }
      // the mesh takes its meters out of the registry when it closes, so look before that
      assertThat(own.find("mesh.request.duration").tag("service", "shop").timers())
          .filteredOn(t -> t.count() > 0)
          .isNotEmpty()
          .allSatisfy(t -> assertThat(t.getId().getTag("subset")).isEqualTo("stable"));
    }

    assertThat(own.find("storage.operation.duration").tag("operation", "put").timers())
        .isNotEmpty();
    assertThat(own.find("kubernetes.operation.duration").tag("backend", "in_memory").timers())
        .isNotEmpty();
    assertThat(own.find("containers.operation.duration").tag("operation", "build").timers())
        .isNotEmpty();
    assertThat(own.find("cloudnative.workflow.duration").tag("workflow", "deploy").timers())
        .isNotEmpty();
  }

  @Test
  void statusCarriesTrafficPerVersionForTheWindowSinceThePreviousStatus() {
    cn.deploy(AppSpec.named("shop").image("shop:1.0").replicas(2).config("k", "v").build());
    cn.app("shop").canary("v2", "shop:2.0", 50);
    AtomicInteger n = new AtomicInteger();
    for (int i = 0; i < 400; i++) {
      try {
        cn.mesh()
            .call(
                "shop",
                MeshRequest.empty(),
                endpoint -> {
                  // every tenth v2 answer fails
                  if ("v2".equals(endpoint.labels().get("version"))
                      && n.incrementAndGet() % 10 == 0) {
                    throw new IllegalStateException("injected failure");
                  }
                  return "ok";
                });
      } catch (RuntimeException expected) {
        // a failed call is part of what the status must show
      }
    }

    AppStatus status = cn.app("shop").status();

    assertThat(status.desiredPods()).isEqualTo(3);
    assertThat(status.rolloutState().state()).isEqualTo(RolloutVerdict.State.DONE);
    assertThat(status.traffic()).extracting(AppStatus.Traffic::version).contains("stable", "v2");
    AppStatus.Traffic stable = status.traffic("stable").orElseThrow();
    AppStatus.Traffic v2 = status.traffic("v2").orElseThrow();
    assertThat(stable.requests() + v2.requests()).isGreaterThanOrEqualTo(400);
    assertThat(stable.errorShare()).isZero();
    assertThat(v2.errorShare()).isBetween(0.05, 0.15);
    assertThat(stable.requestsPerSecond()).isPositive();
    assertThat(stable.p99()).isPresent();
    assertThat(status.window()).isPositive();
    assertThat(status.describe())
        .contains("shop in " + cn.namespace() + ": 3/3 pods ready (3 desired); rollout done")
        .contains("canary v2 (shop:2.0) takes 50% of the traffic")
        .contains("stable")
        .contains("req/s")
        .contains("config: k=v");

    // the next window starts where this one ended: no traffic since
    AppStatus next = cn.app("shop").status();
    assertThat(next.traffic()).isEmpty();
    assertThat(next.describe()).contains("no traffic through the mesh in the last");
  }

  @Test
  void nullRegistriesAreRefusedByName() {
    assertThatThrownBy(() -> CloudNative.builder().meterRegistry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
    assertThatThrownBy(() -> CloudNative.builder().observationRegistry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
  }
}
