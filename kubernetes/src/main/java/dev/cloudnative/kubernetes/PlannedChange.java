package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * What applying one spec would do: the object concerned, the action, the fields that would change
 * (for {@link PlanAction#CREATE} every field the spec sets, before absent) and how the answer was
 * found: {@code serverDryRun} is true when the API server computed the result (server-side apply
 * with {@code dryRun=All}, defaulting and admission included), false when the SDK compared the spec
 * with the live object itself (the embedded cluster, or an API server that refuses server-side
 * apply).
 *
 * <p>Immutable and therefore thread-safe.
 */
public record PlannedChange(
    ResourceRef resource, PlanAction action, List<FieldChange> changes, boolean serverDryRun) {

  public PlannedChange {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
    changes = List.copyOf(changes);
    if ((action == PlanAction.UNCHANGED) != changes.isEmpty()) {
      throw new IllegalArgumentException(
          "a "
              + action
              + " plan lists "
              + changes.size()
              + " changes; UNCHANGED lists none, CREATE and UPDATE at least one");
    }
  }

  /** The paths that would change, in the order of {@link #changes()}. */
  public List<String> paths() {
    return changes.stream().map(FieldChange::path).toList();
  }
}
