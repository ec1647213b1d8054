package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Cluster#plan} found: one {@link PlannedChange} per spec, in the order given. Nothing
 * was changed on the cluster to find it.
 *
 * <p>Immutable and therefore thread-safe.
 */
public record Plan(List<PlannedChange> resources) {

  public Plan {
    resources = List.copyOf(resources);
  }

  /** Whether applying the specs would create or change anything. */
  public boolean hasChanges() {
    return resources.stream().anyMatch(r -> r.action() != PlanAction.UNCHANGED);
  }

  /** The planned change of {@code kind namespace/name}, empty when the plan has none. */
  public Optional<PlannedChange> find(String kind, String namespace, String name) {
    ResourceRef ref = new ResourceRef(kind, namespace, name);
    return resources.stream().filter(r -> r.resource().equals(ref)).findFirst();
  }

  /**
   * A readable report, one line per resource ({@code update Deployment shop/web}) followed by one
   * indented line per changed field.
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (PlannedChange r : resources) {
      ResourceRef ref = r.resource();
      b.append(r.action().name().toLowerCase(java.util.Locale.ROOT))
          .append(' ')
          .append(ref.kind())
          .append(' ')
          .append(ref.namespace().isEmpty() ? "" : ref.namespace() + "/")
          .append(ref.name())
          .append('\n');
      for (FieldChange c : r.changes()) {
        b.append("  ").append(c.describe()).append('\n');
      }
    }
    return b.toString();
  }
}
