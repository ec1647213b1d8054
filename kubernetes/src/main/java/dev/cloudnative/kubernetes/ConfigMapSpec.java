package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.Map;

/**
 * A ConfigMap: plain-text configuration consumed by pods as environment variables or files.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 */
public record ConfigMapSpec(String namespace, String name, Map<String, String> data)
    implements ResourceSpec {

  public ConfigMapSpec {
    Validation.subdomain("ConfigMap", namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    data = Map.copyOf(data);
    for (String key : data.keySet()) {
      if (!key.matches("[-._a-zA-Z0-9]+") || key.length() > 253) {
        throw KubernetesInvalidException.rejected(
            "ConfigMap",
            namespace,
            name,
            "data",
            "'" + key + "' is not a valid key: alphanumerics, '-', '_' or '.'");
      }
    }
  }

  public static ConfigMapSpec of(String name, Map<String, String> data) {
    return new ConfigMapSpec(null, name, data);
  }

  public ConfigMapSpec inNamespace(String ns) {
    return new ConfigMapSpec(ns, name, data);
  }

  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }
}
