package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A ServiceAccount: the identity a pod's processes have towards the API server, which {@link
 * RoleBindingSpec}s grant roles to. Build it as a sentence:
 *
 * <pre>{@code
 * ServiceAccountSpec sa = ServiceAccountSpec.named("deployer").inNamespace("shop")
 *     .withImagePullSecret("registry").automountToken(false).build();
 * }</pre>
 *
 * <p>A ServiceAccount has no status and no readiness rule: it is ready once it exists (neither
 * kubectl nor Pulumi waits on one). Every value is validated by {@link Builder#build()} before any
 * API call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param labels {@code metadata.labels}
 * @param annotations {@code metadata.annotations} (for instance a cloud provider's workload
 *     identity)
 * @param imagePullSecrets the Secrets pods of this account pull their images with
 * @param automountToken {@code automountServiceAccountToken}; empty leaves the API server's default
 *     (mounted)
 */
public record ServiceAccountSpec(
    String namespace,
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> imagePullSecrets,
    Optional<Boolean> automountToken)
    implements ResourceSpec {

  private static final String KIND = "ServiceAccount";

  public ServiceAccountSpec {
    Validation.subdomain(KIND, namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    labels =
        Validation.labels(
            KIND, namespace, name, "metadata.labels", Objects.requireNonNull(labels, "labels"));
    annotations = annotations(KIND, namespace, name, annotations);
    imagePullSecrets = List.copyOf(Objects.requireNonNull(imagePullSecrets, "imagePullSecrets"));
    for (String s : imagePullSecrets) {
      Validation.subdomain(KIND, namespace, "imagePullSecrets.name", s);
    }
    Objects.requireNonNull(automountToken, "automountToken");
  }

  /** Annotation keys follow the label-key rule; values are free text. */
  static Map<String, String> annotations(
      String kind, String namespace, String name, Map<String, String> annotations) {
    Objects.requireNonNull(annotations, "annotations");
    Map<String, String> keys = new LinkedHashMap<>();
    annotations.forEach(
        (k, v) -> {
          Objects.requireNonNull(v, "annotation value");
          keys.put(k, "");
        });
    Validation.labels(kind, namespace, name, "metadata.annotations", keys);
    return Map.copyOf(annotations);
  }

  /** Starts a spec for the ServiceAccount {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** The namespace this spec lands in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** This spec in {@code ns} (the form a cluster returns, with the namespace resolved). */
  public ServiceAccountSpec inNamespace(String ns) {
    return new ServiceAccountSpec(ns, name, labels, annotations, imagePullSecrets, automountToken);
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<String> imagePullSecrets = new ArrayList<>();
    private Boolean automountToken;

    private Builder(String name) {
      this.name = name;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    public Builder withLabel(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder withAnnotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    /** A Secret of type {@code kubernetes.io/dockerconfigjson} in the account's namespace. */
    public Builder withImagePullSecret(String secretName) {
      imagePullSecrets.add(secretName);
      return this;
    }

    /** Whether pods of this account get its API token mounted. */
    public Builder automountToken(boolean mount) {
      this.automountToken = mount;
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field.
     */
    public ServiceAccountSpec build() {
      return new ServiceAccountSpec(
          namespace,
          name,
          labels,
          annotations,
          imagePullSecrets,
          Optional.ofNullable(automountToken));
    }
  }
}
