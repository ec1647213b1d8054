package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * How one live object compares with what the SDK last applied to it ({@link Cluster#drift}): the
 * status, and for {@link DriftStatus#DRIFTED} the fields that differ, with who changed them where
 * the cluster knows.
 *
 * <p>Immutable and therefore thread-safe.
 */
public record ResourceDrift(ResourceRef resource, DriftStatus status, List<DriftedField> fields) {

  public ResourceDrift {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(status, "status");
    fields = List.copyOf(fields);
    if ((status == DriftStatus.DRIFTED) == fields.isEmpty()) {
      throw new IllegalArgumentException(
          "a "
              + status
              + " drift lists "
              + (fields.isEmpty() ? "no" : fields.size())
              + " fields;"
              + " only DRIFTED lists fields, and at least one");
    }
  }

  /** Whether the object is not as the SDK left it (drifted or missing). */
  public boolean drifted() {
    return status == DriftStatus.DRIFTED || status == DriftStatus.MISSING;
  }

  /** The paths that drifted, in the order of {@link #fields()}. */
  public List<String> paths() {
    return fields.stream().map(DriftedField::path).toList();
  }
}
