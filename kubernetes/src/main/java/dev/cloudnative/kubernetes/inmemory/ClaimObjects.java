package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import dev.cloudnative.kubernetes.PersistentVolumeClaimStatus;
import dev.cloudnative.kubernetes.internal.Validation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory cluster's PersistentVolumeClaim API: apply (with the API server's immutability
 * rules and its default-storage-class admission), read, and wait on Pulumi's rule ({@link
 * PersistentVolumeClaimStatus#verdict()}) through the {@link StatusWaiter}.
 *
 * <p>Thread-safe: reads and writes take the {@link ClusterState} lock; the wait releases it.
 */
final class ClaimObjects {

  private static final String KIND = ClaimController.KIND;

  private final ClusterState state;
  private final StatusWaiter waiter;

  ClaimObjects(ClusterState state, StatusWaiter waiter) {
    this.state = state;
    this.waiter = waiter;
  }

  PersistentVolumeClaimStatus apply(PersistentVolumeClaimSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          Key k = new Key(n, spec.name());
          ClaimState c = state.claims.get(k);
          PersistentVolumeClaimSpec.Builder b = spec.toBuilder().inNamespace(n);
          if (spec.storageClass().isEmpty()) {
            // the DefaultStorageClass admission plugin, or the class the claim was created with
            b.withStorageClass(
                c != null ? c.spec.storageClass().orElse(null) : state.defaultStorageClass);
          }
          PersistentVolumeClaimSpec normalized = b.build();
          if (c == null) {
            c = new ClaimState(normalized);
            state.claims.put(k, c);
          } else {
            checkUpdate(k, c.spec, normalized);
            c.spec = normalized;
            if (c.capacity != null) {
              c.capacity = normalized.storage(); // the simulated volume expands at once
            }
          }
          return ClaimController.status(state, k, c);
        });
  }

  /** The API server's rule: a claim's spec is immutable but for a larger storage request. */
  private static void checkUpdate(
      Key k, PersistentVolumeClaimSpec was, PersistentVolumeClaimSpec next) {
    if (!was.accessModes().equals(next.accessModes())
        || !was.storageClass().equals(next.storageClass())) {
      throw KubernetesInvalidException.rejected(
          KIND,
          k.namespace(),
          k.name(),
          "spec",
          "spec is immutable after creation except resources.requests for bound claims");
    }
    if (bytes(next.storage()).compareTo(bytes(was.storage())) < 0) {
      throw KubernetesInvalidException.rejected(
          KIND,
          k.namespace(),
          k.name(),
          "spec.resources.requests.storage",
          "field can not be less than previous value (" + was.storage() + ")");
    }
  }

  /** A quantity in bytes (binary and decimal suffixes, as the API parses them). */
  static BigDecimal bytes(String quantity) {
    String[][] suffixes = {
      {"Ki", "1024"},
      {"Mi", "1048576"},
      {"Gi", "1073741824"},
      {"Ti", "1099511627776"},
      {"Pi", "1125899906842624"},
      {"Ei", "1152921504606846976"},
      {"k", "1000"},
      {"M", "1000000"},
      {"G", "1000000000"},
      {"T", "1000000000000"},
      {"P", "1000000000000000"},
      {"E", "1000000000000000000"},
      {"m", "0.001"}
    };
    for (String[] s : suffixes) {
      if (quantity.endsWith(s[0])) {
        return new BigDecimal(quantity.substring(0, quantity.length() - s[0].length()))
            .multiply(new BigDecimal(s[1]));
      }
    }
    return new BigDecimal(quantity);
  }

  Optional<PersistentVolumeClaimStatus> get(String namespace, String name) {
    Key k = key(namespace, name);
    synchronized (state.lock) {
      state.checkOpen();
      return read(k);
    }
  }

  /** Under the lock. */
  private Optional<PersistentVolumeClaimStatus> read(Key k) {
    ClaimState c = state.claims.get(k);
    return c == null ? Optional.empty() : Optional.of(ClaimController.status(state, k, c));
  }

  PersistentVolumeClaimStatus await(String namespace, String name, Duration timeout) {
    Key k = key(namespace, name);
    return waiter.await(KIND, k, timeout, () -> read(k));
  }

  private Key key(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.subdomain(KIND, n, "metadata.name", name);
    return new Key(n, name);
  }
}
