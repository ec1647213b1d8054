package dev.cloudnative.docker;

/**
 * What a ping learned about the engine.
 *
 * <p>Immutable and thread-safe.
 *
 * @param endpoint the endpoint that answered
 * @param product e.g. {@code Docker Engine}, {@code Podman Engine}, {@code in-memory}
 * @param version the engine's version string
 * @param apiVersion the API version the engine speaks
 */
public record EngineInfo(String endpoint, String product, String version, String apiVersion) {
  public boolean isPodman() {
    return product.toLowerCase(java.util.Locale.ROOT).contains("podman");
  }
}
