package dev.cloudnative.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerEngine} reports to Micrometer: the {@code
 * containers.operation.duration} timer read back from a {@link SimpleMeterRegistry}, the {@code
 * containers.<operation>} observations from a {@link TestObservationRegistry}, and nothing at all
 * without registries. Only images are involved (a {@code FROM scratch} build, a pull of an absent
 * one), so it needs no busybox.
 */
public abstract class ContainerEngineObservabilityContract {
  private static final String TIMER = "containers.operation.duration";
  private static final Duration PULL = Duration.ofSeconds(60);

  protected final String run = UUID.randomUUID().toString().substring(0, 8);
  private ContainerEngine engine;

  /** A new session reporting to the given registries. */
  protected abstract ContainerEngine connect(
      String sessionId, Optional<MeterRegistry> meters, ObservationRegistry observations);

  /** The {@code engine} tag the implementation reports: docker, podman or in_memory. */
  protected abstract String engineTag();

  /** A registry host (host:port) the engine can pull from without credentials. */
  protected abstract String openRegistry();

  private ContainerEngine open(Optional<MeterRegistry> meters, ObservationRegistry observations) {
    engine = connect("observed-" + run, meters, observations);
    return engine;
  }

  @AfterEach
  void closeEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  private Timer timer(MeterRegistry meters, String operation, String outcome) {
    return meters
        .get(TIMER)
        .tags("operation", operation, "engine", engineTag(), "outcome", outcome)
        .timer();
  }

  private String absent() {
    return openRegistry() + "/cn-test/absent-" + run + ":1";
  }

  private ImageInfo buildScratch(ContainerEngine e, String tag) throws IOException {
    Path ctx = Files.createTempDirectory("cn-obs");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nLABEL cn.observed=yes\n");
    return e.build(ImageBuild.fromDirectory(ctx).tag(tag).build());
  }

  @Test
  void aPullOfAMissingImageIsTimedAsImageNotFound() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ContainerEngine e = open(Optional.of(meters), ObservationRegistry.NOOP);
    assertThatThrownBy(() -> e.pull(absent(), Optional.empty(), PULL))
        .isInstanceOf(ImageNotFoundException.class);
    Timer pulls = timer(meters, "pull", "image_not_found");
    assertThat(pulls.count()).isEqualTo(1);
    assertThat(pulls.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(meters.find(TIMER).tag("operation", "pull").tag("outcome", "success").timer())
        .isNull();
  }

  @Test
  void imageAndContainerCallsAreTimedByOperationAndOutcome() throws IOException {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ContainerEngine e = open(Optional.of(meters), ObservationRegistry.NOOP);
    String tag = "cn-test/observed:" + run;
    ImageInfo built = buildScratch(e, tag);
    assertThat(e.inspectImage(tag).id()).isEqualTo(built.id());
    assertThat(e.findImage("cn-test/never-built:" + run)).isEmpty();
    assertThat(e.listImages(Map.of("cn.observed", "yes")))
        .extracting(ImageInfo::id)
        .contains(built.id());
    assertThatThrownBy(() -> e.inspect("cn-no-such-container-" + run))
        .isInstanceOf(ContainerNotFoundException.class);
    assertThatThrownBy(() -> e.create(ContainerSpec.builder("cn-test/never-built:" + run).build()))
        .isInstanceOf(ImageNotFoundException.class);
    assertThatThrownBy(() -> e.inspectImage("Not A Reference"))
        .isInstanceOf(InvalidSpecException.class);
    e.removeImage(tag, true);

    assertThat(timer(meters, "build", "success").count()).isEqualTo(1);
    assertThat(timer(meters, "inspect_image", "success").count()).isEqualTo(1);
    // An absent image is an answer, not a failure.
    assertThat(timer(meters, "find_image", "success").count()).isEqualTo(1);
    assertThat(timer(meters, "list_images", "success").count()).isEqualTo(1);
    assertThat(timer(meters, "inspect", "container_not_found").count()).isEqualTo(1);
    assertThat(timer(meters, "create", "image_not_found").count()).isEqualTo(1);
    assertThat(timer(meters, "inspect_image", "invalid_spec").count()).isEqualTo(1);
    assertThat(timer(meters, "remove_image", "success").count()).isEqualTo(1);

    Set<Set<String>> tagKeys =
        meters.find(TIMER).meters().stream()
            .map(Meter::getId)
            .map(id -> id.getTags().stream().map(Tag::getKey).collect(Collectors.toSet()))
            .collect(Collectors.toSet());
    assertThat(tagKeys).containsExactly(Set.of("operation", "engine", "outcome"));
  }

  @Test
  void callsAreObservedWithTheirKeyValuesAndErrors() throws IOException {
    TestObservationRegistry observations = TestObservationRegistry.create();
    ContainerEngine e = open(Optional.empty(), observations);
    buildScratch(e, "cn-test/observed-span:" + run);
    assertThatThrownBy(() -> e.pull(absent(), Optional.empty(), PULL))
        .isInstanceOf(ImageNotFoundException.class);

    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("containers.build")
        .that()
        .hasLowCardinalityKeyValue("operation", "build")
        .hasLowCardinalityKeyValue("engine", engineTag())
        .hasLowCardinalityKeyValue("outcome", "success")
        .doesNotHaveError()
        .hasBeenStopped();
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("containers.pull")
        .that()
        .hasLowCardinalityKeyValue("engine", engineTag())
        .hasLowCardinalityKeyValue("outcome", "image_not_found")
        .hasBeenStopped()
        .assertThatError()
        .isInstanceOf(ImageNotFoundException.class);
    // Observations only: no meter was registered anywhere, not even in the global registry.
    assertThat(Metrics.globalRegistry.find(TIMER).meters()).isEmpty();
  }

  @Test
  void withoutRegistriesNothingIsMeasured() {
    ContainerEngine e = open(Optional.empty(), ObservationRegistry.NOOP);
    assertThat(e.listImages(Map.of("cn.observed", "never-" + run))).isEmpty();
    assertThatThrownBy(() -> e.inspect("cn-no-such-container-" + run))
        .isInstanceOf(ContainerNotFoundException.class);
    assertThat(Metrics.globalRegistry.find(TIMER).meters()).isEmpty();
  }
}
