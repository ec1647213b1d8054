/**
 * An HTTP client on {@link java.net.http.HttpClient} that resolves {@code http://<service>/path}
 * through the mesh.
 */
package dev.cloudnative.mesh.http;
