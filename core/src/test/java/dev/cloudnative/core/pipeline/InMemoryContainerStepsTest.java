package dev.cloudnative.core.pipeline;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.inmemory.InMemoryContainerEngine;

/** Container steps on the in-memory engine, whose busybox model runs the commands. */
class InMemoryContainerStepsTest extends ContainerStepsContract {

  @Override
  protected ContainerEngine engine() {
    return InMemoryContainerEngine.create();
  }

  @Override
  protected boolean realBinaries() {
    return false;
  }
}
