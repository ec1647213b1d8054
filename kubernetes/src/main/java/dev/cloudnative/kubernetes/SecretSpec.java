package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.Map;

/**
 * An Opaque Secret with UTF-8 string values (stored base64-encoded by the API server). {@link
 * #toString()} redacts the values so a spec can be logged.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 */
public record SecretSpec(String namespace, String name, Map<String, String> data)
    implements ResourceSpec {

  public SecretSpec {
    Validation.subdomain("Secret", namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    data = Map.copyOf(data);
    for (String key : data.keySet()) {
      if (!key.matches("[-._a-zA-Z0-9]+") || key.length() > 253) {
        throw KubernetesInvalidException.rejected(
            "Secret",
            namespace,
            name,
            "data",
            "'" + key + "' is not a valid key: alphanumerics, '-', '_' or '.'");
      }
    }
  }

  public static SecretSpec of(String name, Map<String, String> data) {
    return new SecretSpec(null, name, data);
  }

  public SecretSpec inNamespace(String ns) {
    return new SecretSpec(ns, name, data);
  }

  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  @Override
  public String toString() {
    return "SecretSpec[namespace=" + namespace + ", name=" + name + ", keys=" + data.keySet() + "]";
  }
}
