package dev.cloudnative.mesh;

import java.util.Objects;

/**
 * Thrown when a service has a route table but no rule matches the request and the table has no
 * default route (Istio answers 404 in that case). Its stop reason is {@link StopReason#NO_ROUTE}.
 * Immutable; thread-safe.
 */
public final class NoRouteException extends MeshException {

  private static final long serialVersionUID = 1L;

  private final MeshRequest request;

  public NoRouteException(String service, MeshRequest request) {
    super(
        service,
        StopReason.NO_ROUTE,
        "No route of service '"
            + service
            + "' matches "
            + Objects.requireNonNull(request, "request").method()
            + " "
            + request.path()
            + " and the route table has no default route",
        null);
    this.request = request;
  }

  public MeshRequest request() {
    return request;
  }
}
