package dev.cloudnative.docker.engine;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerEngineContract;
import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.EngineEnv;
import dev.cloudnative.docker.RegistryAuth;
import java.nio.file.Path;

/** The contract on Docker Engine (dockerd). */
class DockerEngineOnDockerTest extends ContainerEngineContract {
  @Override
  protected ContainerEngine connect(String sessionId) {
    return DockerEngine.connect(EngineConfig.custom().host(EngineEnv.require("CLOUDNATIVE_DOCKER_HOST"))
        .sessionId(sessionId).build());
  }

  @Override
  protected Path busybox() {
    return Path.of(EngineEnv.require("CLOUDNATIVE_BUSYBOX"));
  }

  @Override
  protected RegistryAuth authRegistry() {
    return new RegistryAuth(EngineEnv.require("CLOUDNATIVE_AUTH_REGISTRY"),
        EngineEnv.require("CLOUDNATIVE_REGISTRY_USER"), EngineEnv.require("CLOUDNATIVE_REGISTRY_PASSWORD"));
  }

  @Override
  protected boolean engineRunsHealthChecks() {
    return true;
  }
}
