package dev.cloudnative.core.pipeline;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.inmemory.InMemoryContainerEngine;

/**
 * Job steps on the embedded cluster whose pods are containers of the in-memory engine (its busybox
 * model runs the commands): the executor's whole path without a daemon.
 */
class InMemoryEngineJobStepsTest extends JobStepsContract {

  @Override
  protected ContainerEngine engine() {
    return InMemoryContainerEngine.create();
  }

  @Override
  protected boolean realBinaries() {
    return false;
  }
}
