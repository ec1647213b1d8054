package dev.cloudnative.pipeline;

import dev.cloudnative.pipeline.internal.MatrixExpander;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A stage's matrix, with the semantics of GitHub Actions' {@code strategy.matrix}: the stage runs
 * once per combination of its axes' values, minus the combinations an {@code exclude} entry
 * matches, plus what {@code include} entries add. Each combination is a stage of its own, named
 * {@code test (jdk=17, os=linux)} (axes in declaration order, then keys an include added, sorted);
 * a stage that needs the matrix stage needs every combination.
 *
 * <p>How an {@code include} entry applies (after the excludes): it extends every combination whose
 * original axes agree with it, adding its other keys (an added key may be overwritten by a later
 * entry, an axis value never is); one that extends no combination becomes a combination of its own.
 * A step sees a combination's values as {@code MATRIX_<KEY>} environment variables (upper case,
 * other characters as {@code _}), and as {@code ${{ matrix.key }}} in its argument lists, image,
 * env values and working directory, never in a shell script, where values would become shell
 * syntax: a script reads {@code "$MATRIX_KEY"}.
 *
 * <p>Checked when the pipeline is built ({@link InvalidPipelineException}): an empty axis, an
 * exclude naming a key that is not an axis or a value the axis does not have, an empty entry, no
 * combination left, more than {@value #MAX_COMBINATIONS} combinations. Immutable record,
 * thread-safe.
 *
 * @param axes each axis' name and values, in declaration order
 * @param include entries that extend combinations or add some
 * @param exclude partial combinations to leave out
 * @param failFast whether a failed combination cancels the running ones of the same matrix and
 *     skips those not started (GitHub's default: true)
 * @param maxParallel most combinations of this matrix running at once; empty: no limit of its own
 */
public record Matrix(
    Map<String, List<String>> axes,
    List<Map<String, String>> include,
    List<Map<String, String>> exclude,
    boolean failFast,
    OptionalInt maxParallel) {

  /** Most combinations one matrix may have (GitHub's limit). */
  public static final int MAX_COMBINATIONS = 256;

  /** Validates the components and makes collections immutable copies, order kept. */
  public Matrix {
    Objects.requireNonNull(axes, "axes");
    Map<String, List<String>> a = new LinkedHashMap<>();
    axes.forEach(
        (k, v) ->
            a.put(
                Objects.requireNonNull(k, "axis name"), List.copyOf(Objects.requireNonNull(v, k))));
    axes = Collections.unmodifiableMap(a);
    include = copy(Objects.requireNonNull(include, "include"));
    exclude = copy(Objects.requireNonNull(exclude, "exclude"));
    Objects.requireNonNull(maxParallel, "maxParallel");
    if (maxParallel.isPresent() && maxParallel.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "matrix max-parallel must be at least 1 but was " + maxParallel.getAsInt());
    }
  }

  private static List<Map<String, String>> copy(List<Map<String, String>> entries) {
    List<Map<String, String>> out = new ArrayList<>(entries.size());
    for (Map<String, String> e : entries) {
      out.add(Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(e, "entry"))));
    }
    return List.copyOf(out);
  }

  /** Starts a matrix definition: fail-fast, no limit of its own. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The combinations, in order: the product of the axes (the first axis varies slowest), the
   * excluded ones removed, then the includes applied. Each combination's keys are in a stable
   * order: the axes as declared, then the keys includes added, sorted.
   *
   * @throws IllegalArgumentException naming every problem of the definition
   */
  public List<Map<String, String>> combinations() {
    List<String> problems = new ArrayList<>();
    List<Map<String, String>> out = MatrixExpander.combinations(this, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return out;
  }

  /** Fluent builder of a {@link Matrix}; not thread-safe. */
  public static final class Builder {
    private final Map<String, List<String>> axes = new LinkedHashMap<>();
    private final List<Map<String, String>> include = new ArrayList<>();
    private final List<Map<String, String>> exclude = new ArrayList<>();
    private boolean failFast = true;
    private OptionalInt maxParallel = OptionalInt.empty();

    Builder() {}

    /** Adds an axis with its values. */
    public Builder axis(String name, String... values) {
      return axis(name, List.of(values));
    }

    /** Adds an axis with its values. */
    public Builder axis(String name, List<String> values) {
      axes.put(Objects.requireNonNull(name, "name"), List.copyOf(values));
      return this;
    }

    /** Adds an include entry. */
    public Builder include(Map<String, String> entry) {
      include.add(Objects.requireNonNull(entry, "entry"));
      return this;
    }

    /** Adds an exclude entry. */
    public Builder exclude(Map<String, String> entry) {
      exclude.add(Objects.requireNonNull(entry, "entry"));
      return this;
    }

    /** Whether a failed combination cancels its siblings (default true). */
    public Builder failFast(boolean cancelSiblings) {
      failFast = cancelSiblings;
      return this;
    }

    /** At most {@code n} combinations run at once. */
    public Builder maxParallel(int n) {
      maxParallel = OptionalInt.of(n);
      return this;
    }

    /** The matrix (checked when its pipeline is built). */
    public Matrix build() {
      return new Matrix(axes, include, exclude, failFast, maxParallel);
    }
  }
}
