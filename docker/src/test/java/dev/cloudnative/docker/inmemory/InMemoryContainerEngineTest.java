package dev.cloudnative.docker.inmemory;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerEngineContract;
import dev.cloudnative.docker.RegistryAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contract on the in-memory engine, with the binary played by the built-in {@link Busybox}. The
 * daemon is strict (no {@code anyRegistry}): only the two declared registries exist, so the
 * contract's unreachable registry is refused as an undeclared host.
 */
class InMemoryContainerEngineTest extends ContainerEngineContract {
  private static final RegistryAuth REGISTRY =
      new RegistryAuth("registry.inmemory.test:5000", "cloudnative", "in-memory-secret");
  private static final String OPEN_REGISTRY = "registry.inmemory.test:5001";
  private final InMemoryDaemon daemon =
      InMemoryDaemon.builder().registry(REGISTRY).registry(OPEN_REGISTRY).busybox().build();

  @Override
  protected ContainerEngine connect(String sessionId) {
    return daemon.connect(sessionId);
  }

  @Override
  protected Path busybox() {
    try {
      // The file is copied into the image like the real binary; the Busybox program stands in for
      // what it does.
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
  protected String openRegistry() {
    return OPEN_REGISTRY;
  }

  @Override
  protected boolean engineRunsHealthChecks() {
    return false;
  }
}
