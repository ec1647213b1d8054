package dev.cloudnative.core.pipeline;

/** Container steps on Podman's Docker-compatible API (skips without it unless CI=true). */
class PodmanContainerStepsTest extends RealEngineContainerStepsContract {

  @Override
  protected String hostVariable() {
    return "CLOUDNATIVE_PODMAN_HOST";
  }
}
