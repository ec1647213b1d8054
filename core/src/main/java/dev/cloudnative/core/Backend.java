package dev.cloudnative.core;

import java.util.Objects;

/**
 * Which implementation one module of a {@link CloudNative} instance uses, so that nobody mistakes a simulated
 * deploy for a real one.
 *
 * @param module         the module ("containers", "cluster", "mesh", "pipelines", "storage", "security")
 * @param implementation the implementation class's simple name
 * @param real           {@code true} when the module talks to a real engine or runs real work (processes,
 *                       crypto, routing); {@code false} for an in-memory simulation
 * @param detail         where it points (socket, API server, nodes) or why the simulation was chosen
 *
 * <p>Immutable and thread-safe.
 */
public record Backend(String module, String implementation, boolean real, String detail) {

  public Backend {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(implementation, "implementation");
    Objects.requireNonNull(detail, "detail");
  }

  /** One short line, e.g. {@code cluster: InMemoryCluster (simulated: no kubeconfig found)}. */
  @Override
  public String toString() {
    return module + ": " + implementation + (real ? "" : " (simulated)") + (detail.isEmpty() ? "" : " — " + detail);
  }
}
