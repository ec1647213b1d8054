package dev.cloudnative.docker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerEngineObservabilityContract;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.WaitStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The observability contract on the in-memory engine, and its builder. */
class InMemoryEngineObservabilityTest extends ContainerEngineObservabilityContract {

  @Override
  protected ContainerEngine connect(
      String sessionId, Optional<MeterRegistry> meters, ObservationRegistry observations) {
    InMemoryContainerEngine.Builder b =
        InMemoryContainerEngine.builder().sessionId(sessionId).observationRegistry(observations);
    meters.ifPresent(b::meterRegistry);
    return b.build();
  }

  @Override
  protected String engineTag() {
    return "in_memory";
  }

  @Override
  protected String openRegistry() {
    return "registry.test:5000";
  }

  @Test
  void aRunIsItsCreateStartAndReadinessWaitWhosePollsNestUnderIt() throws IOException {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TestObservationRegistry observations = TestObservationRegistry.create();
    try (InMemoryContainerEngine e =
        InMemoryContainerEngine.builder()
            .meterRegistry(meters)
            .observationRegistry(observations)
            .build()) {
      Path ctx = Files.createTempDirectory("cn-obs-run");
      Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
      String image = "cn-test/run-observed:" + run;
      e.build(ImageBuild.fromDirectory(ctx).tag(image).build());
      String id =
          e.run(
              ContainerSpec.builder(image)
                  .command("seq", "1", "3")
                  .waitingFor(WaitStrategy.forLogMessage("^3$", 1))
                  .build());
      assertThat(e.waitForExit(id, Duration.ofSeconds(30))).isZero();
    }
    for (String operation : new String[] {"create", "start", "wait_until_ready", "wait"}) {
      assertThat(
              meters
                  .get("containers.operation.duration")
                  .tags("operation", operation, "outcome", "success")
                  .timer()
                  .count())
          .as(operation)
          .isEqualTo(1);
    }
    // The log follow of the wait strategy is a child of the readiness wait.
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("containers.follow_logs")
        .that()
        .hasParentObservationContextMatching(
            parent -> parent.getName().equals("containers.wait_until_ready"));
  }

  @Test
  void theBuilderConnectsToTheGivenDaemonAndSession() {
    InMemoryDaemon daemon = InMemoryDaemon.builder().busybox().build();
    try (InMemoryContainerEngine e =
        InMemoryContainerEngine.builder().daemon(daemon).sessionId("s-" + run).build()) {
      assertThat(e.daemon()).isSameAs(daemon);
      assertThat(e.sessionId()).isEqualTo("s-" + run);
    }
    try (InMemoryContainerEngine e = InMemoryContainerEngine.builder().build()) {
      // As create(): a daemon of its own that accepts any registry host.
      assertThat(e.daemon().acceptsAnyRegistry()).isTrue();
    }
    assertThatThrownBy(() -> InMemoryContainerEngine.builder().meterRegistry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
  }
}
