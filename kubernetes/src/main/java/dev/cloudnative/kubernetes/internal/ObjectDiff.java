package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.DriftStatus;
import dev.cloudnative.kubernetes.DriftedField;
import dev.cloudnative.kubernetes.FieldChange;
import dev.cloudnative.kubernetes.PlanAction;
import dev.cloudnative.kubernetes.PlannedChange;
import dev.cloudnative.kubernetes.ResourceDrift;
import dev.cloudnative.kubernetes.ResourceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The one field-by-field comparison of two {@link ObjectTree canonical trees} that plan and drift
 * use on every cluster implementation: a full comparison (a server's dry-run result against the
 * live object), or one limited to the fields of a <em>scope</em> tree (what an apply sets, what the
 * SDK last applied), which leaves alone the fields other writers own.
 *
 * <p>Paths are JSON-pointer-like ({@code /spec/replicas}; {@code ~1} for a {@code /} in a key); a
 * list whose items are all maps with distinct {@code name}s is compared item by item under {@code
 * [name=X]} (containers, env, ports, volumes), a list of maps of unchanged length index by index,
 * any other list as one value. A subtree present on one side only is reported leaf by leaf.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class ObjectDiff {

  /** One differing field; a side is empty where the field is absent. */
  public record Difference(String path, Optional<Object> before, Optional<Object> after) {}

  private static final Object FULL = new Object();

  private ObjectDiff() {}

  /** Every field that differs between {@code before} and {@code after}. */
  public static List<Difference> full(Map<String, Object> before, Map<String, Object> after) {
    List<Difference> out = new ArrayList<>();
    walk("", before, after, FULL, out);
    return out;
  }

  /** The fields of {@code scope} that differ between {@code before} and {@code after}. */
  public static List<Difference> within(
      Map<String, Object> before, Map<String, Object> after, Map<String, Object> scope) {
    List<Difference> out = new ArrayList<>();
    walk("", before, after, Objects.requireNonNull(scope, "scope"), out);
    return out;
  }

  /** A tree holding every field of {@code a} and of {@code b} (values of {@code a} where both). */
  public static Map<String, Object> union(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> out = new LinkedHashMap<>(b);
    a.forEach(
        (k, v) -> {
          Object other = out.get(k);
          if (v instanceof Map<?, ?> va && other instanceof Map<?, ?> vb) {
            out.put(k, union(cast(va), cast(vb)));
          } else if (keyed(v) && keyed(other)) {
            Map<String, Object> merged = union(byName((List<?>) v), byName((List<?>) other));
            out.put(k, new ArrayList<>(merged.values()));
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  /** A plan to create {@code desired}: every field it sets, before absent. */
  public static PlannedChange created(
      ResourceRef ref, Map<String, Object> desired, boolean serverDryRun) {
    return new PlannedChange(
        ref,
        PlanAction.CREATE,
        changes(full(Map.of(), desired), ObjectTree.isSecret(desired)),
        serverDryRun);
  }

  /** A plan to update (or leave) an object whose differences from the apply's result these are. */
  public static PlannedChange planned(
      ResourceRef ref, List<Difference> differences, boolean secret, boolean serverDryRun) {
    return new PlannedChange(
        ref,
        differences.isEmpty() ? PlanAction.UNCHANGED : PlanAction.UPDATE,
        changes(differences, secret),
        serverDryRun);
  }

  /**
   * The drift of {@code live} from {@code applied} (both canonical): the fields of {@code applied}
   * whose live value differs, each with the manager {@code managerOf} names for its path and live
   * value.
   */
  public static ResourceDrift drift(
      ResourceRef ref,
      Map<String, Object> applied,
      Map<String, Object> live,
      BiFunction<String, Optional<Object>, Optional<String>> managerOf) {
    boolean secret = ObjectTree.isSecret(applied);
    List<DriftedField> fields =
        within(applied, live, applied).stream()
            .map(
                d ->
                    new DriftedField(
                        d.path(),
                        show(d.before(), d.path(), secret),
                        show(d.after(), d.path(), secret),
                        managerOf.apply(d.path(), d.after())))
            .toList();
    return new ResourceDrift(
        ref, fields.isEmpty() ? DriftStatus.IN_SYNC : DriftStatus.DRIFTED, fields);
  }

  /** The differences as the API reports them: compact JSON, a Secret's data redacted. */
  public static List<FieldChange> changes(List<Difference> differences, boolean secret) {
    return differences.stream()
        .map(
            d ->
                new FieldChange(
                    d.path(),
                    show(d.before(), d.path(), secret),
                    show(d.after(), d.path(), secret)))
        .toList();
  }

  /** One side of a difference as the API shows it. */
  public static Optional<String> show(Optional<Object> value, String path, boolean secret) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (secret && (path.startsWith("/data/") || path.startsWith("/stringData/"))) {
      return Optional.of(FieldChange.REDACTED);
    }
    return Optional.of(ObjectTree.json(value.get()));
  }

  private static void walk(
      String path, Object before, Object after, Object scope, List<Difference> out) {
    if (Objects.equals(before, after)) {
      return;
    }
    boolean mapScope = scope == FULL || scope instanceof Map<?, ?>;
    if (mapScope && mapOrAbsent(before) && mapOrAbsent(after)) {
      Map<String, Object> b = before == null ? Map.of() : cast((Map<?, ?>) before);
      Map<String, Object> a = after == null ? Map.of() : cast((Map<?, ?>) after);
      walkMaps(path, b, a, scope == FULL ? FULL : cast((Map<?, ?>) scope), "/", out);
      return;
    }
    boolean keyedScope = scope == FULL || keyed(scope);
    if (keyedScope && keyedOrAbsent(before) && keyedOrAbsent(after)) {
      Map<String, Object> b = before == null ? Map.of() : byName((List<?>) before);
      Map<String, Object> a = after == null ? Map.of() : byName((List<?>) after);
      walkMaps(path, b, a, scope == FULL ? FULL : byName((List<?>) scope), "", out);
      return;
    }
    if (before instanceof List<?> lb
        && after instanceof List<?> la
        && lb.size() == la.size()
        && lb.stream().allMatch(i -> i instanceof Map<?, ?>)
        && la.stream().allMatch(i -> i instanceof Map<?, ?>)) {
      for (int i = 0; i < lb.size(); i++) {
        Object s = FULL;
        if (scope instanceof List<?> ls) {
          if (ls.size() != lb.size()) {
            s = FULL;
          } else {
            s = ls.get(i);
          }
        }
        walk(path + "/" + i, lb.get(i), la.get(i), s, out);
      }
      return;
    }
    out.add(new Difference(path, Optional.ofNullable(before), Optional.ofNullable(after)));
  }

  private static void walkMaps(
      String path,
      Map<String, Object> before,
      Map<String, Object> after,
      Object scope,
      String separator,
      List<Difference> out) {
    Set<String> keys = new LinkedHashSet<>();
    if (scope == FULL) {
      keys.addAll(before.keySet());
      keys.addAll(after.keySet());
    } else {
      keys.addAll(cast((Map<?, ?>) scope).keySet());
    }
    for (String k : keys) {
      Object s = scope == FULL ? FULL : cast((Map<?, ?>) scope).get(k);
      walk(
          path + separator + (separator.isEmpty() ? k : escape(k)),
          before.get(k),
          after.get(k),
          s,
          out);
    }
  }

  private static boolean mapOrAbsent(Object v) {
    return v == null || v instanceof Map<?, ?>;
  }

  private static boolean keyedOrAbsent(Object v) {
    return v == null || keyed(v);
  }

  /** A non-empty list of maps, each with a distinct string {@code name}. */
  private static boolean keyed(Object v) {
    if (!(v instanceof List<?> l) || l.isEmpty()) {
      return false;
    }
    Set<Object> names = new HashSet<>();
    for (Object item : l) {
      if (!(item instanceof Map<?, ?> m) || !(m.get("name") instanceof String n) || !names.add(n)) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> byName(List<?> list) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object item : list) {
      out.put("[name=" + ((Map<?, ?>) item).get("name") + "]", item);
    }
    return out;
  }

  /** RFC 6901 escaping of one key. */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
