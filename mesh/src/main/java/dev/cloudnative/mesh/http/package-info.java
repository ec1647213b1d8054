/**
 * An HTTP client on {@link java.net.http.HttpClient} that resolves {@code http://<service>/path}
 * through the mesh, and {@link dev.cloudnative.mesh.http.ObservedHttpHandler}, the server-side
 * helper that continues its W3C trace context in a JDK HTTP server.
 */
package dev.cloudnative.mesh.http;
