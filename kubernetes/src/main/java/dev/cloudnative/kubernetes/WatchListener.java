package dev.cloudnative.kubernetes;

/**
 * Receives watch events. Calls for one subscription are serial (never concurrent) but arrive on a
 * thread owned by the cluster implementation, so implementations must be thread-safe towards the
 * rest of the program and should return quickly.
 */
@FunctionalInterface
public interface WatchListener<T> {
  void onEvent(WatchEvent<T> event);

  /**
   * Called when the watch ended for good (closed, or reconnecting was given up) with the reason, or
   * {@code null} after {@link Subscription#close()}.
   */
  default void onClose(KubernetesException reason) {}
}
