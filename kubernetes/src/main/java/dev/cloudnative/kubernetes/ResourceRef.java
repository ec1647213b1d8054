package dev.cloudnative.kubernetes;

/**
 * Identifies one resource: its API kind, namespace (empty for cluster-scoped kinds) and name.
 *
 * <p>Immutable and therefore thread-safe.
 */
public record ResourceRef(String kind, String namespace, String name) {}
