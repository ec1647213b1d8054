package dev.cloudnative.docker.inmemory;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerEngineContract;
import dev.cloudnative.docker.RegistryAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The contract on the in-memory engine, with busybox's applets played by {@link BusyboxPrograms}. */
class InMemoryContainerEngineTest extends ContainerEngineContract {
  private static final RegistryAuth REGISTRY = new RegistryAuth("registry.inmemory.test:5000", "cloudnative",
      "in-memory-secret");
  private final InMemoryDaemon daemon;

  InMemoryContainerEngineTest() {
    InMemoryDaemon.Builder b = InMemoryDaemon.builder().registry(REGISTRY);
    BusyboxPrograms.all().forEach(b::program);
    daemon = b.build();
  }

  @Override
  protected ContainerEngine connect(String sessionId) {
    return daemon.connect(sessionId);
  }

  @Override
  protected Path busybox() {
    try {
      // The file is copied into the image like the real binary; the programs stand in for what it would do.
      Path f = Files.createTempFile("busybox", ".bin");
      Files.write(f, new byte[] {0x7f, 'E', 'L', 'F'});
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected RegistryAuth authRegistry() {
    return REGISTRY;
  }

  @Override
  protected boolean engineRunsHealthChecks() {
    return false;
  }
}
