package dev.cloudnative.mesh;

/**
 * Thrown when a service has a route table but no rule matches the request and the table has no
 * default route (Istio answers 404 in that case). Immutable; thread-safe.
 */
public final class NoRouteException extends MeshException {

  private final MeshRequest request;

  public NoRouteException(String service, MeshRequest request) {
    super(
        service,
        "No route of service '"
            + service
            + "' matches "
            + request.method()
            + " "
            + request.path()
            + " and the route table has no default route");
    this.request = request;
  }

  public MeshRequest request() {
    return request;
  }
}
