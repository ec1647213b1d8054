package dev.cloudnative.docker.engine;

/** The contract on Podman's Docker-compatible API. */
class DockerEngineOnPodmanTest extends DockerEngineContract {
  DockerEngineOnPodmanTest() {
    super("CLOUDNATIVE_PODMAN_HOST", false);
  }
}
