/**
 * Observability that spans modules: {@link dev.cloudnative.core.observability.PrometheusEndpoint}
 * serves the one {@code MeterRegistry} the facade hands to every module as a Prometheus scrape
 * target, on the JDK's HTTP server.
 */
package dev.cloudnative.core.observability;
