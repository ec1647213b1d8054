package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DriftStatus;
import dev.cloudnative.kubernetes.PlannedChange;
import dev.cloudnative.kubernetes.ResourceDrift;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.ResourceRef;
import dev.cloudnative.kubernetes.ResourceSpec;
import dev.cloudnative.kubernetes.internal.ObjectDiff;
import dev.cloudnative.kubernetes.internal.ObjectTree;
import dev.cloudnative.kubernetes.internal.SpecModels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory cluster's field ownership, in place of an API server's {@code managedFields}: per
 * object the SDK applied, the tree it applied (canonical, a Secret's values as digests) and, per
 * field path, the manager that last wrote it and the value it wrote. An apply makes the cluster's
 * field manager own every field it sets (as server-side apply with {@code forceConflicts}: the
 * embedded cluster has no apply conflicts); {@link #attribute} makes another manager own every
 * field that changed during an {@code InMemoryCluster.actAs} block. Plan and drift compare through
 * {@link ObjectDiff}, the comparison the fabric8 cluster uses.
 *
 * <p>Not thread-safe by itself: every method runs under the {@link ClusterState} lock.
 */
final class FieldLedger {

  /** An object of a kind, as the ledger and its snapshots key it. */
  record ObjectKey(ResourceKind kind, Key key) {}

  private record Owner(String manager, Optional<Object> value) {}

  private static final class Entry {
    Map<String, Object> applied;
    final Map<String, Owner> owners = new HashMap<>();
  }

  private final ClusterState state;
  private final LiveObjects live;
  private final String fieldManager;
  private final Map<ObjectKey, Entry> entries = new HashMap<>();

  /** The manager the current thread acts as inside {@code actAs}, whose applies are not ours. */
  private final ThreadLocal<String> actingAs = new ThreadLocal<>();

  FieldLedger(ClusterState state, String fieldManager) {
    this.state = state;
    this.live = new LiveObjects(state);
    this.fieldManager = fieldManager;
  }

  /** Records a successful apply of {@code spec}. */
  void applied(ResourceSpec spec) {
    if (actingAs.get() != null) {
      return; // another manager's apply: attributed to it when its block ends
    }
    synchronized (state.lock) {
      String ns = SpecModels.kind(spec).namespaced() ? state.ns(spec.namespace()) : "";
      Map<String, Object> tree = ObjectTree.of(SpecModels.toModel(spec, ns));
      Entry e =
          entries.computeIfAbsent(key(SpecModels.kind(spec), ns, spec.name()), k -> new Entry());
      e.applied = tree;
      for (ObjectDiff.Difference d : ObjectDiff.full(Map.of(), tree)) {
        e.owners.put(d.path(), new Owner(fieldManager, d.after()));
      }
    }
  }

  /** Runs {@code body} with this thread acting as {@code manager}. */
  void actingAs(String manager, Runnable body) {
    String outer = actingAs.get();
    actingAs.set(manager);
    try {
      body.run();
    } finally {
      if (outer == null) {
        actingAs.remove();
      } else {
        actingAs.set(outer);
      }
    }
  }

  /** The live trees of every object the SDK applied (absent ones map to an empty tree). */
  Map<ObjectKey, Map<String, Object>> snapshot() {
    synchronized (state.lock) {
      Map<ObjectKey, Map<String, Object>> out = new LinkedHashMap<>();
      entries.keySet().forEach(k -> out.put(k, live.tree(k.kind(), k.key()).orElse(Map.of())));
      return out;
    }
  }

  /** Makes {@code manager} own every field that changed since {@code before} was taken. */
  void attribute(String manager, Map<ObjectKey, Map<String, Object>> before) {
    synchronized (state.lock) {
      Map<ObjectKey, Map<String, Object>> after = snapshot();
      before.forEach(
          (k, tree) -> {
            Entry e = entries.get(k);
            Map<String, Object> now = after.get(k);
            if (e == null || now == null) {
              return;
            }
            for (ObjectDiff.Difference d : ObjectDiff.full(tree, now)) {
              e.owners.put(d.path(), new Owner(manager, d.after()));
            }
          });
    }
  }

  PlannedChange plan(ResourceSpec spec) {
    synchronized (state.lock) {
      state.checkOpen();
      ResourceKind kind = SpecModels.kind(spec);
      String ns = kind.namespaced() ? state.requireNamespace(spec.namespace()) : "";
      ResourceRef ref = new ResourceRef(kind.apiKind(), ns, spec.name());
      Map<String, Object> desired = ObjectTree.of(SpecModels.toModel(spec, ns));
      Optional<Map<String, Object>> current = live.tree(kind, new Key(ns, spec.name()));
      if (current.isEmpty()) {
        return ObjectDiff.created(ref, desired, false);
      }
      Entry e = entries.get(key(kind, ns, spec.name()));
      Map<String, Object> scope = e == null ? desired : ObjectDiff.union(desired, e.applied);
      return ObjectDiff.planned(
          ref,
          ObjectDiff.within(current.get(), desired, scope),
          kind == ResourceKind.SECRET,
          false);
    }
  }

  ResourceDrift drift(ResourceKind kind, String namespace, String name) {
    synchronized (state.lock) {
      state.checkOpen();
      String ns =
          !kind.namespaced()
              ? ""
              : namespace == null || namespace.isEmpty() ? state.defaultNamespace : namespace;
      ResourceRef ref = new ResourceRef(kind.apiKind(), ns, name);
      Optional<Map<String, Object>> current = live.tree(kind, new Key(ns, name));
      if (current.isEmpty()) {
        return new ResourceDrift(ref, DriftStatus.MISSING, List.of());
      }
      Entry e = entries.get(key(kind, ns, name));
      if (e == null) {
        return new ResourceDrift(ref, DriftStatus.NOT_APPLIED, List.of());
      }
      return ObjectDiff.drift(
          ref,
          e.applied,
          current.get(),
          (path, value) -> {
            Owner o = e.owners.get(path);
            // the recorded writer, as long as the value is still the one it wrote
            return o != null && o.value().equals(value)
                ? Optional.of(o.manager())
                : Optional.empty();
          });
    }
  }

  private static ObjectKey key(ResourceKind kind, String namespace, String name) {
    return new ObjectKey(kind, new Key(namespace, name));
  }
}
