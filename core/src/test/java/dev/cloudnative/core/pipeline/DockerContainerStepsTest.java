package dev.cloudnative.core.pipeline;

/** Container steps on the real Docker Engine (skips without it unless CI=true). */
class DockerContainerStepsTest extends RealEngineContainerStepsContract {

  @Override
  protected String hostVariable() {
    return "CLOUDNATIVE_DOCKER_HOST";
  }
}
