package dev.cloudnative.docker.engine;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerEngineContract;
import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.EngineEnv;
import dev.cloudnative.docker.RegistryAuth;
import java.nio.file.Path;

/**
 * The contract on a real engine reached through {@link DockerEngine}; subclasses name the engine.
 */
abstract class DockerEngineContract extends ContainerEngineContract {
  private final String hostVariable;
  private final boolean runsHealthChecks;

  /**
   * @param hostVariable the environment variable holding the engine's endpoint
   * @param runsHealthChecks whether the engine runs HEALTHCHECKs itself (Podman needs systemd for
   *     that)
   */
  DockerEngineContract(String hostVariable, boolean runsHealthChecks) {
    this.hostVariable = hostVariable;
    this.runsHealthChecks = runsHealthChecks;
  }

  @Override
  protected ContainerEngine connect(String sessionId) {
    return DockerEngine.connect(
        EngineConfig.custom().host(EngineEnv.require(hostVariable)).sessionId(sessionId).build());
  }

  @Override
  protected Path busybox() {
    return Path.of(EngineEnv.require("CLOUDNATIVE_BUSYBOX"));
  }

  @Override
  protected RegistryAuth authRegistry() {
    return new RegistryAuth(
        EngineEnv.require("CLOUDNATIVE_AUTH_REGISTRY"),
        EngineEnv.require("CLOUDNATIVE_REGISTRY_USER"),
        EngineEnv.require("CLOUDNATIVE_REGISTRY_PASSWORD"));
  }

  @Override
  protected String openRegistry() {
    return EngineEnv.require("CLOUDNATIVE_REGISTRY");
  }

  @Override
  protected boolean engineRunsHealthChecks() {
    return runsHealthChecks;
  }
}
