package dev.cloudnative.kubernetes;

/**
 * One service port forwarding {@code port} to the pods' {@code targetPort}.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param name the port name (required by Kubernetes when a service has several ports), or empty
 * @param port the port the service listens on
 * @param targetPort the container port traffic is sent to
 * @param nodePort the node port for NodePort/LoadBalancer services, or 0 to let the cluster choose
 */
public record ServicePort(String name, int port, int targetPort, int nodePort) {}
