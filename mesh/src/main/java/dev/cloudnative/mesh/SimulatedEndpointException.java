package dev.cloudnative.mesh;

import java.util.Objects;

/**
 * Thrown by clients that open sockets (such as {@link dev.cloudnative.mesh.http.MeshHttpClient})
 * when the mesh chose an endpoint whose address a simulation invented ({@link
 * Endpoint#simulated()}): nothing listens there, so the client refuses before opening any
 * connection instead of waiting for a connect timeout. It is a {@link NotEndpointFault}: the mesh
 * hands it to the caller unchanged, without retrying it or counting it against the endpoint's
 * circuit breaker or outlier detection; its stop reason is {@link StopReason#REFUSED}. Immutable
 * and thread-safe.
 */
public final class SimulatedEndpointException extends MeshException implements NotEndpointFault {

  private static final long serialVersionUID = 1L;

  private final Endpoint endpoint;

  /**
   * @param service the logical service the call was addressed to
   * @param endpoint the simulated endpoint the mesh chose
   */
  public SimulatedEndpointException(String service, Endpoint endpoint) {
    super(service, StopReason.REFUSED, message(service, endpoint), null);
    this.endpoint = endpoint;
  }

  private static String message(String service, Endpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    return "Cannot call service '"
        + service
        + "' on endpoint "
        + endpoint.id()
        + " ("
        + endpoint.authority()
        + "): it is simulated; the embedded cluster invented this address and nothing listens"
        + " there; plug a pod runtime into the in-memory cluster (CloudNative's embedded defaults"
        + " do) or use a real cluster";
  }

  /**
   * @return the simulated endpoint that was refused
   */
  public Endpoint endpoint() {
    return endpoint;
  }
}
