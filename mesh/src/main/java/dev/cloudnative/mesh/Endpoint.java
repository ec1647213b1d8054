package dev.cloudnative.mesh;

import java.util.Map;
import java.util.Objects;

/**
 * One network endpoint of a service subset: address, load-balancing weight, zone, labels, registry
 * health and whether the address is real. Immutable value; thread-safe.
 *
 * @param id stable identity used to keep circuit-breaker, outlier and stats state across registry
 *     updates (defaults to {@code host:port})
 * @param host host name or IP literal
 * @param port TCP port, 1..65535
 * @param weight load-balancing weight, 1..1,000,000
 * @param zone locality zone, empty when unknown
 * @param labels free-form labels (for example {@code version=v2})
 * @param healthy registry health (for example Kubernetes readiness); unhealthy endpoints are not
 *     picked unless the subset is in panic mode
 * @param simulated the address was invented by a simulation (for example an in-memory cluster
 *     without a pod runtime) and no listener backs it; clients that open sockets refuse it (for
 *     example {@link dev.cloudnative.mesh.http.MeshHttpClient} throws {@link
 *     SimulatedEndpointException}). The mesh still routes to it, so transports that open no sockets
 *     can serve a simulation
 */
public record Endpoint(
    String id,
    String host,
    int port,
    int weight,
    String zone,
    Map<String, String> labels,
    boolean healthy,
    boolean simulated) {

  /** The largest weight an endpoint may have; bounds the arithmetic of the weighted schedulers. */
  public static final int MAX_WEIGHT = 1_000_000;

  public Endpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(labels, "labels");
    if (id.isBlank()) {
      throw new IllegalArgumentException("Endpoint id was '" + id + "'; allowed a non-blank id");
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException(
          "Endpoint host was '" + host + "' (endpoint " + id + "); allowed a non-blank host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "Endpoint port was " + port + " (endpoint " + id + "); allowed 1..65535");
    }
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException(
          "Endpoint weight was " + weight + " (endpoint " + id + "); allowed 1.." + MAX_WEIGHT);
    }
    labels = Map.copyOf(labels);
  }

  /** An endpoint with a real address ({@code simulated=false}). */
  public Endpoint(
      String id,
      String host,
      int port,
      int weight,
      String zone,
      Map<String, String> labels,
      boolean healthy) {
    this(id, host, port, weight, zone, labels, healthy, false);
  }

  /**
   * @return a healthy endpoint of weight 1, id {@code host:port}, no zone and no labels
   */
  public static Endpoint of(String host, int port) {
    return new Endpoint(host + ":" + port, host, port, 1, "", Map.of(), true);
  }

  /**
   * @return a healthy endpoint of the given weight, id {@code host:port}
   */
  public static Endpoint of(String host, int port, int weight) {
    return new Endpoint(host + ":" + port, host, port, weight, "", Map.of(), true);
  }

  public Endpoint withWeight(int newWeight) {
    return new Endpoint(id, host, port, newWeight, zone, labels, healthy, simulated);
  }

  public Endpoint withHealthy(boolean newHealthy) {
    return new Endpoint(id, host, port, weight, zone, labels, newHealthy, simulated);
  }

  public Endpoint withZone(String newZone) {
    return new Endpoint(
        id,
        host,
        port,
        weight,
        Objects.requireNonNull(newZone, "newZone"),
        labels,
        healthy,
        simulated);
  }

  public Endpoint withLabels(Map<String, String> newLabels) {
    return new Endpoint(
        id,
        host,
        port,
        weight,
        zone,
        Objects.requireNonNull(newLabels, "newLabels"),
        healthy,
        simulated);
  }

  /**
   * @return this endpoint marked as invented by a simulation ({@code true}) or as a real address
   */
  public Endpoint withSimulated(boolean newSimulated) {
    return new Endpoint(id, host, port, weight, zone, labels, healthy, newSimulated);
  }

  /**
   * @return {@code host:port}, with brackets around an IPv6 literal
   */
  public String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
