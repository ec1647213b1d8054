package dev.cloudnative.core.wiring;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.kubernetes.WatchEvent;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointFeed;
import dev.cloudnative.mesh.EndpointSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps one service's endpoints in the mesh in step with the cluster's ready pods: what a
 * Kubernetes EndpointSlice controller plus an xDS server do for a sidecar, done in-process.
 *
 * <p>Pods are selected by {@code app=<service>}; their {@code version} label names the mesh subset
 * (pods without one go to subset {@code stable}). Only ready pods with an IP become endpoints, on
 * the service's target port (on the port it is published at, for pods of a local runtime; endpoints
 * of simulated pods are marked simulated). On every pod event the feed re-reads the selected pods
 * and replaces each subset wholesale, so a missed or reordered event can never leave a stale
 * endpoint behind; a subset whose pods are all gone is replaced by an empty list.
 *
 * <p>Thread-safe: events are handled one at a time.
 */
public final class ClusterEndpointFeed implements EndpointFeed {

  /** The pod label that names the mesh subset. */
  public static final String VERSION_LABEL = "version";

  /** The subset of pods without a {@value #VERSION_LABEL} label. */
  public static final String DEFAULT_SUBSET = "stable";

  private final Cluster cluster;
  private final String namespace;
  private final String service;
  private final int targetPort;
  private volatile Sync started;

  /** Feeds {@code service}'s pods in {@code namespace}, reached on {@code targetPort}. */
  public ClusterEndpointFeed(Cluster cluster, String namespace, String service, int targetPort) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.service = Objects.requireNonNull(service, "service");
    if (targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException("target port was " + targetPort + "; allowed 1..65535");
    }
    this.targetPort = targetPort;
  }

  @Override
  public AutoCloseable start(EndpointSink sink) {
    Objects.requireNonNull(sink, "sink");
    Sync sync = new Sync(sink);
    Subscription subscription = cluster.watchPods(namespace, event -> sync.onEvent(event));
    sync.resync();
    started = sync;
    return subscription::close;
  }

  /**
   * Re-reads the pods and pushes every subset now, on the caller's thread. Watch events arrive
   * asynchronously, so a caller that has just seen a rollout complete calls this before routing
   * traffic to the new pods.
   *
   * @throws IllegalStateException if the feed was not started
   */
  public void syncNow() {
    Sync sync = started;
    if (sync == null) {
      throw new IllegalStateException(
          "the endpoint feed of service " + service + " is not started");
    }
    sync.resync();
  }

  /** Re-reads the service's pods and pushes every subset; also called once at start. */
  private final class Sync {
    private final EndpointSink sink;
    private final Set<String> published = new HashSet<>();

    Sync(EndpointSink sink) {
      this.sink = sink;
    }

    void onEvent(WatchEvent<PodInfo> event) {
      if (service.equals(event.object().labels().get("app"))) {
        resync();
      }
    }

    synchronized void resync() {
      Map<String, List<Endpoint>> subsets = new TreeMap<>();
      for (PodInfo pod : cluster.pods(namespace, Map.of("app", service))) {
        String subset = pod.labels().getOrDefault(VERSION_LABEL, DEFAULT_SUBSET);
        List<Endpoint> endpoints = subsets.computeIfAbsent(subset, s -> new ArrayList<>());
        if (pod.ready() && pod.ip() != null && !pod.ip().isBlank()) {
          // a pod of a local runtime is reached at its published port; an invented address stays
          // marked, so that
          // clients that open sockets refuse it instead of dialling it
          endpoints.add(
              new Endpoint(
                  pod.name(),
                  pod.ip(),
                  pod.port(targetPort),
                  1,
                  pod.node() == null ? "" : pod.node(),
                  pod.labels(),
                  true,
                  pod.simulated()));
        }
      }
      for (String gone : published) {
        subsets.putIfAbsent(gone, List.of());
      }
      subsets.forEach((subset, endpoints) -> sink.replaceSubset(service, subset, endpoints));
      published.clear();
      subsets.forEach(
          (subset, endpoints) -> {
            if (!endpoints.isEmpty()) {
              published.add(subset);
            }
          });
    }
  }
}
