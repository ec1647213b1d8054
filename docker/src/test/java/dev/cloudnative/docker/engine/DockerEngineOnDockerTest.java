package dev.cloudnative.docker.engine;

/** The contract on Docker Engine (dockerd). */
class DockerEngineOnDockerTest extends DockerEngineContract {
  DockerEngineOnDockerTest() {
    super("CLOUDNATIVE_DOCKER_HOST", true);
  }
}
