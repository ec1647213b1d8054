package dev.cloudnative.kubernetes;

/** How a Service is exposed. Immutable enum, thread-safe. */
public enum ServiceType {
  /** A virtual IP reachable inside the cluster only. */
  CLUSTER_IP("ClusterIP"),
  /** The ClusterIP plus a port opened on every node. */
  NODE_PORT("NodePort"),
  /** The NodePort plus an external load balancer provisioned by the cloud provider. */
  LOAD_BALANCER("LoadBalancer");

  private final String apiName;

  ServiceType(String apiName) {
    this.apiName = apiName;
  }

  /** The value of {@code spec.type} in the Kubernetes API. */
  public String apiName() {
    return apiName;
  }

  /** Parses {@code spec.type}; an absent type is {@link #CLUSTER_IP}. */
  public static ServiceType fromApiName(String value) {
    if (value == null || value.isEmpty()) {
      return CLUSTER_IP;
    }
    for (ServiceType t : values()) {
      if (t.apiName.equals(value)) {
        return t;
      }
    }
    throw new KubernetesException(
        "unsupported service type '"
            + value
            + "'; supported: ClusterIP, NodePort,"
            + " LoadBalancer",
        "Service",
        "",
        "",
        0,
        null);
  }
}
