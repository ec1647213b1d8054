package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.kubernetes.WatchEvent;
import dev.cloudnative.kubernetes.WatchListener;
import dev.cloudnative.kubernetes.internal.EndableSubscription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The watches of the in-memory cluster. Rather than every state change emitting its own events, the
 * hub keeps the snapshots it last published and, after each change, diffs the current objects
 * against them ({@link #publish}): one change that touches many objects (a controller pass) then
 * yields exactly the ADDED, MODIFIED and DELETED events a real watch would show, and a change that
 * alters nothing visible yields none. Events are queued on the state's outbox and so reach the
 * listeners outside the lock, in the order the changes happened.
 *
 * <p>Thread-safe: the published snapshots are guarded by the {@link ClusterState} lock ({@link
 * #publish} and {@link #subscribe} run under it); the watcher lists are copy-on-write so that
 * closing a watch needs no lock.
 */
final class WatchHub {

  private final ClusterState state;
  private final Map<Key, DeploymentInfo> publishedDeployments = new TreeMap<>();
  private final Map<Key, PodInfo> publishedPods = new TreeMap<>();
  private final List<Watcher<DeploymentInfo>> deploymentWatchers = new CopyOnWriteArrayList<>();
  private final List<Watcher<PodInfo>> podWatchers = new CopyOnWriteArrayList<>();

  WatchHub(ClusterState state) {
    this.state = state;
  }

  Subscription watchDeployments(String namespace, WatchListener<DeploymentInfo> listener) {
    return subscribe(
        deploymentWatchers,
        publishedDeployments,
        namespace,
        listener,
        () ->
            state.deployments.forEach(
                (k, d) -> publishedDeployments.put(k, state.deploymentInfo(k, d))));
  }

  Subscription watchPods(String namespace, WatchListener<PodInfo> listener) {
    return subscribe(
        podWatchers,
        publishedPods,
        namespace,
        listener,
        () -> state.pods.forEach((k, p) -> publishedPods.put(k, p.info(state.simulated))));
  }

  /**
   * Adds a watcher after bringing {@code published} up to date without events ({@code fill}
   * re-reads the current objects), then replays the current objects to it as ADDED.
   */
  private <T> Subscription subscribe(
      List<Watcher<T>> watchers,
      Map<Key, T> published,
      String namespace,
      WatchListener<T> listener,
      Runnable fill) {
    Objects.requireNonNull(listener, "listener");
    Watcher<T> w = new Watcher<>(namespace, listener, watchers);
    state.locked(
        () -> {
          published.clear();
          fill.run();
          // like an informer's initial list: the current objects arrive as ADDED
          published.forEach(
              (k, v) -> {
                if (k.namespace().equals(namespace)) {
                  state.outbox.add(() -> w.deliver(new WatchEvent<>(WatchEvent.Type.ADDED, v)));
                }
              });
          watchers.add(w);
          return null;
        });
    return w.subscription;
  }

  /**
   * Diffs the current objects against those last published and queues watch events for the changes
   * (under the lock).
   */
  void publish() {
    // Without watchers there is nobody to tell; a new watcher's subscribe() publishes before it is
    // added, so skipping here never leaks stale events to it.
    if (!deploymentWatchers.isEmpty()) {
      Map<Key, DeploymentInfo> current = new TreeMap<>();
      state.deployments.forEach((k, d) -> current.put(k, state.deploymentInfo(k, d)));
      diff(publishedDeployments, current, deploymentWatchers);
    }
    if (!podWatchers.isEmpty()) {
      Map<Key, PodInfo> current = new TreeMap<>();
      state.pods.forEach((k, p) -> current.put(k, p.info(state.simulated)));
      diff(publishedPods, current, podWatchers);
    }
  }

  private <T> void diff(Map<Key, T> published, Map<Key, T> current, List<Watcher<T>> watchers) {
    for (Map.Entry<Key, T> e : current.entrySet()) {
      T before = published.get(e.getKey());
      if (before == null) {
        queue(watchers, e.getKey(), new WatchEvent<>(WatchEvent.Type.ADDED, e.getValue()));
      } else if (!before.equals(e.getValue())) {
        queue(watchers, e.getKey(), new WatchEvent<>(WatchEvent.Type.MODIFIED, e.getValue()));
      }
    }
    for (Map.Entry<Key, T> e : published.entrySet()) {
      if (!current.containsKey(e.getKey())) {
        queue(watchers, e.getKey(), new WatchEvent<>(WatchEvent.Type.DELETED, e.getValue()));
      }
    }
    published.clear();
    published.putAll(current);
  }

  private <T> void queue(List<Watcher<T>> watchers, Key k, WatchEvent<T> event) {
    for (Watcher<T> w : watchers) {
      if (w.namespace.equals(k.namespace())) {
        state.outbox.add(() -> w.deliver(event));
      }
    }
  }

  /**
   * Ends every watch because the cluster closed (outside the lock): each listener hears {@code
   * onClose(null)} once and its subscription reports the end.
   */
  void closeAll() {
    for (Watcher<?> w : List.copyOf(deploymentWatchers)) {
      w.endByCluster();
    }
    for (Watcher<?> w : List.copyOf(podWatchers)) {
      w.endByCluster();
    }
    deploymentWatchers.clear();
    podWatchers.clear();
  }

  /** One watch: its namespace, its listener and its end. */
  private static final class Watcher<T> {
    final String namespace;
    final WatchListener<T> listener;
    final EndableSubscription subscription;
    private final AtomicBoolean told = new AtomicBoolean();

    Watcher(String namespace, WatchListener<T> listener, List<Watcher<T>> watchers) {
      this.namespace = namespace;
      this.listener = listener;
      this.subscription =
          new EndableSubscription(
              () -> {
                if (watchers.remove(this)) {
                  tellClosed();
                }
              });
    }

    void deliver(WatchEvent<T> event) {
      if (!subscription.isEnded()) {
        listener.onEvent(event);
      }
    }

    void endByCluster() {
      subscription.end();
      tellClosed();
    }

    /** The listener hears about the end once, whether the user or the cluster closed first. */
    private void tellClosed() {
      if (told.compareAndSet(false, true)) {
        listener.onClose(null);
      }
    }
  }
}
