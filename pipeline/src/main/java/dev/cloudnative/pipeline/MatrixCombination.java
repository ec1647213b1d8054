package dev.cloudnative.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What makes a stage one combination of a matrix stage: the stage as declared, the combination's
 * values and the matrix (its fail-fast and max-parallel apply to every combination). Immutable
 * record, thread-safe.
 *
 * @param stage the name the matrix stage was declared with ({@code test})
 * @param values the combination's values, in order ({@code jdk=17, os=linux})
 * @param matrix the matrix the combination belongs to
 */
public record MatrixCombination(String stage, Map<String, String> values, Matrix matrix) {
  /** Validates the components and copies the values, order kept. */
  public MatrixCombination {
    Objects.requireNonNull(stage, "stage");
    values =
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    Objects.requireNonNull(matrix, "matrix");
  }
}
