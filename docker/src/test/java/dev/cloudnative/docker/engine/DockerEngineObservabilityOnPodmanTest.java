package dev.cloudnative.docker.engine;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerEngineObservabilityContract;
import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.EngineEnv;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Optional;

/** The observability contract on Podman (skips without CLOUDNATIVE_PODMAN_HOST unless CI=true). */
class DockerEngineObservabilityOnPodmanTest extends ContainerEngineObservabilityContract {

  @Override
  protected ContainerEngine connect(
      String sessionId, Optional<MeterRegistry> meters, ObservationRegistry observations) {
    EngineConfig.Builder b =
        EngineConfig.custom()
            .host(EngineEnv.require("CLOUDNATIVE_PODMAN_HOST"))
            .sessionId(sessionId)
            .observationRegistry(observations);
    meters.ifPresent(b::meterRegistry);
    return DockerEngine.connect(b.build());
  }

  @Override
  protected String engineTag() {
    return "podman";
  }

  @Override
  protected String openRegistry() {
    return EngineEnv.require("CLOUDNATIVE_REGISTRY");
  }
}
