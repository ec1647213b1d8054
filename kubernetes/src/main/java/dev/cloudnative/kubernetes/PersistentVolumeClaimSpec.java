package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request for storage: a PersistentVolumeClaim. Build it as a sentence:
 *
 * <pre>{@code
 * PersistentVolumeClaimSpec data = PersistentVolumeClaimSpec.named("data").requesting("10Gi")
 *     .inNamespace("shop").withStorageClass("fast-ssd")
 *     .withAccessMode(PersistentVolumeClaimSpec.AccessMode.READ_WRITE_ONCE).build();
 * }</pre>
 *
 * <p>Defaults: access mode {@code ReadWriteOnce}, no storage class (the cluster's default class,
 * which the API server's admission fills in), namespace unset (the cluster's default namespace). A
 * claim's spec is immutable once created except for a larger storage request (volume expansion,
 * where the storage class allows it). Every value is validated by {@link Builder#build()} before
 * any API call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param storage {@code spec.resources.requests.storage}, a quantity such as {@code 10Gi}
 * @param accessModes {@code spec.accessModes}, at least one, without repeats
 * @param storageClass {@code spec.storageClassName}; empty for the cluster's default class
 */
public record PersistentVolumeClaimSpec(
    String namespace,
    String name,
    String storage,
    List<AccessMode> accessModes,
    Optional<String> storageClass)
    implements ResourceSpec {

  private static final String KIND = "PersistentVolumeClaim";

  /** How the volume may be mounted ({@code spec.accessModes}). Immutable enum, thread-safe. */
  public enum AccessMode {
    READ_WRITE_ONCE("ReadWriteOnce"),
    READ_ONLY_MANY("ReadOnlyMany"),
    READ_WRITE_MANY("ReadWriteMany"),
    READ_WRITE_ONCE_POD("ReadWriteOncePod");

    private final String apiName;

    AccessMode(String apiName) {
      this.apiName = apiName;
    }

    /** The mode as the API spells it. */
    public String apiName() {
      return apiName;
    }

    /** The mode of the API spelling. */
    public static AccessMode fromApiName(String name) {
      for (AccessMode m : values()) {
        if (m.apiName.equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "unknown access mode '"
              + name
              + "'; known: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod");
    }
  }

  public PersistentVolumeClaimSpec {
    Validation.subdomain(KIND, namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    Validation.notBlank(KIND, namespace, name, "spec.resources.requests.storage", storage);
    Validation.quantity(KIND, namespace, name, "spec.resources.requests.storage", storage);
    Objects.requireNonNull(accessModes, "accessModes");
    if (accessModes.isEmpty()) {
      throw KubernetesInvalidException.rejected(
          KIND, namespace, name, "spec.accessModes", "at least one access mode is required");
    }
    if (new LinkedHashSet<>(accessModes).size() != accessModes.size()) {
      throw KubernetesInvalidException.rejected(
          KIND, namespace, name, "spec.accessModes", "repeats a mode: " + accessModes);
    }
    accessModes = List.copyOf(accessModes);
    Objects.requireNonNull(storageClass, "storageClass");
    storageClass.ifPresent(c -> Validation.subdomain(KIND, namespace, "spec.storageClassName", c));
  }

  /** Starts a spec for the claim {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** A builder pre-filled with this spec, for small variations. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.namespace = namespace;
    b.storage = storage;
    b.accessModes.addAll(accessModes);
    b.storageClass = storageClass.orElse(null);
    return b;
  }

  /** The namespace this spec lands in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private String storage;
    private final List<AccessMode> accessModes = new ArrayList<>();
    private String storageClass;

    private Builder(String name) {
      this.name = name;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    /** The size requested, a quantity such as {@code 10Gi} or {@code 500M}. */
    public Builder requesting(String quantity) {
      this.storage = quantity;
      return this;
    }

    /** Adds an access mode; without any, {@code ReadWriteOnce}. */
    public Builder withAccessMode(AccessMode mode) {
      accessModes.add(Objects.requireNonNull(mode, "mode"));
      return this;
    }

    /** The StorageClass that provisions the volume; without one, the cluster's default. */
    public Builder withStorageClass(String className) {
      this.storageClass = className;
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field.
     */
    public PersistentVolumeClaimSpec build() {
      return new PersistentVolumeClaimSpec(
          namespace,
          name,
          storage,
          accessModes.isEmpty() ? List.of(AccessMode.READ_WRITE_ONCE) : accessModes,
          Optional.ofNullable(storageClass));
    }
  }
}
