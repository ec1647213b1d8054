package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * A directory of the node mounted read-write into a pod's container: a {@code hostPath} volume
 * (type {@code Directory}: it must exist) and its {@code volumeMount}. The path is the node's, not
 * this machine's: on the embedded cluster with a local {@link PodRuntime} the node is this machine
 * (the directory is bind-mounted), on a real cluster it is whichever node the pod lands on, and
 * clusters with the {@code restricted} or {@code baseline} Pod Security level refuse hostPath
 * volumes.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param hostPath the absolute directory on the node
 * @param mountPath the absolute path inside the container
 */
public record HostPathMount(String hostPath, String mountPath) {

  /** Validates that both paths are absolute. */
  public HostPathMount {
    Objects.requireNonNull(hostPath, "hostPath");
    Objects.requireNonNull(mountPath, "mountPath");
    if (!hostPath.startsWith("/") || !mountPath.startsWith("/")) {
      throw new IllegalArgumentException(
          "hostPath mount "
              + hostPath
              + " -> "
              + mountPath
              + " is not absolute on both sides; allowed an absolute node directory and an"
              + " absolute container path");
    }
  }

  /** Mounts the node directory {@code hostPath} at {@code mountPath}. */
  public static HostPathMount of(String hostPath, String mountPath) {
    return new HostPathMount(hostPath, mountPath);
  }
}
