package dev.cloudnative.core;

import java.util.Objects;

/**
 * Which implementation one module of a {@link CloudNative} instance uses, and what kind it is, so
 * that nobody mistakes a simulated deploy or an in-memory store for a real one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param module the module ("containers", "cluster", "mesh", "pipelines", "storage", "security")
 * @param implementation the implementation class's simple name
 * @param kind what the module runs on
 * @param detail where it points (socket, API server, nodes), what it keeps in memory, or why the
 *     embedded implementation was chosen
 */
public record Backend(String module, String implementation, Kind kind, String detail) {

  /** What a module runs on. Immutable enum, thread-safe. */
  public enum Kind {
    /** A real engine outside this JVM: Docker or Podman, a Kubernetes API server, Redis servers. */
    ENGINE,
    /**
     * Real work inside this JVM or machine, with nothing simulated: mesh routing, pipeline
     * processes, files.
     */
    IN_PROCESS,
    /** State kept only in this JVM's memory (lost on exit) or a simulation of an engine. */
    IN_MEMORY
  }

  public Backend {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(implementation, "implementation");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /** True unless the module keeps its state only in memory or simulates its engine. */
  public boolean real() {
    return kind != Kind.IN_MEMORY;
  }

  /** One short line, e.g. {@code cluster: InMemoryCluster (in memory) — no kubeconfig found}. */
  @Override
  public String toString() {
    String marker =
        switch (kind) {
          case ENGINE -> "";
          case IN_PROCESS -> " (in process)";
          case IN_MEMORY -> " (in memory)";
        };
    return module + ": " + implementation + marker + (detail.isEmpty() ? "" : " — " + detail);
  }
}
