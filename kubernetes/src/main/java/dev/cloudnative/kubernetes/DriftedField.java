package dev.cloudnative.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * One field whose live value differs from the value the SDK last applied: its path (as in {@link
 * FieldChange}), both values as compact JSON (empty where absent; a Secret's values read {@code
 * "(redacted)"}) and, where the cluster tracks field ownership, the field manager that owns the
 * live value ({@code kubectl-edit}, {@code kube-controller-manager}, ...). The manager is empty
 * when the cluster cannot tell: an API server that keeps no {@code managedFields} (fabric8's mock),
 * or, on the embedded cluster, a change made outside {@code InMemoryCluster.actAs}.
 *
 * <p>Immutable and therefore thread-safe.
 */
public record DriftedField(
    String path, Optional<String> applied, Optional<String> live, Optional<String> manager) {

  public DriftedField {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(applied, "applied");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(manager, "manager");
  }

  /** {@code path: applied -> live (by manager)}. */
  public String describe() {
    return path
        + ": "
        + applied.orElse("(absent)")
        + " -> "
        + live.orElse("(absent)")
        + manager.map(m -> " (by " + m + ")").orElse("");
  }
}
