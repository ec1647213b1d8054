/**
 * The CloudNative SDK's mesh module. Every package is exported except `internal`, whose public
 * classes serve the module's own packages and are not API.
 */
module dev.cloudnative.mesh {
  requires org.slf4j;
  requires java.net.http;
  // The server-side trace helper (mesh.http.ObservedHttpHandler) wraps the JDK's HTTP server.
  requires transitive jdk.httpserver;
  // The one instrumentation API: meter and observation registries appear in the builders.
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires micrometer.commons;

  exports dev.cloudnative.mesh;
  exports dev.cloudnative.mesh.balancer;
  exports dev.cloudnative.mesh.circuitbreaker;
  exports dev.cloudnative.mesh.event;
  exports dev.cloudnative.mesh.http;
  // not exported: dev.cloudnative.mesh.internal, implementation shared by this module
  exports dev.cloudnative.mesh.outlier;
  exports dev.cloudnative.mesh.registry;
  exports dev.cloudnative.mesh.stats;
}
