package dev.cloudnative.core.runtime;

import dev.cloudnative.core.testing.Engines;
import dev.cloudnative.core.testing.ShopImage;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.engine.DockerEngine;
import org.junit.jupiter.api.Assertions;

/**
 * The local-runtime workflow on the real Docker Engine: pods are real containers running the static
 * busybox.
 */
class DockerEngineRuntimeTest extends LocalRuntimeWorkflowTest {

  @Override
  protected ContainerEngine engine() {
    String host = Engines.require("CLOUDNATIVE_DOCKER_HOST", DockerEngineRuntimeTest.class);
    Assertions.assertTrue(
        ShopImage.realBusyboxAvailable(), "a static busybox at " + ShopImage.BUSYBOX);
    return DockerEngine.connect(EngineConfig.custom().host(host).build());
  }

  @Override
  protected boolean realBinaries() {
    return true;
  }
}
