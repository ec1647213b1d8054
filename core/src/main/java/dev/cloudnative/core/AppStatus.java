package dev.cloudnative.core;

import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.mesh.ServiceStats;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a deployed application across modules, from {@link Application#status()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param application the application's name
 * @param namespace its namespace
 * @param image the stable version's image
 * @param rollout the stable deployment's rollout counters
 * @param canary the canary's version, image and traffic share, when one runs
 * @param pods every pod of the application (stable and canary)
 * @param config the configuration as stored in the replicated store
 * @param mesh the mesh's statistics for the service, once it has seen traffic
 */
public record AppStatus(
    String application,
    String namespace,
    String image,
    RolloutStatus rollout,
    Optional<Canary> canary,
    List<PodInfo> pods,
    Map<String, String> config,
    Optional<ServiceStats> mesh) {

  public AppStatus {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(rollout, "rollout");
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(mesh, "mesh");
    pods = List.copyOf(pods);
    config = Map.copyOf(config);
  }

  /** How many pods are ready. */
  public long readyPods() {
    return pods.stream().filter(PodInfo::ready).count();
  }

  /**
   * A canary version running beside the stable one.
   *
   * <p>Immutable and thread-safe.
   *
   * @param version the version label, also the mesh subset
   * @param image its image
   * @param percent the share of traffic the mesh sends to it
   */
  public record Canary(String version, String image, int percent) {}
}
