package dev.cloudnative.core.runtime;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.inmemory.InMemoryContainerEngine;

/** The local-runtime workflow on the in-memory engine: its busybox model serves the pages. */
class InMemoryEngineRuntimeTest extends LocalRuntimeWorkflowTest {

  @Override
  protected ContainerEngine engine() {
    return InMemoryContainerEngine.create();
  }

  @Override
  protected boolean realBinaries() {
    return false;
  }
}
