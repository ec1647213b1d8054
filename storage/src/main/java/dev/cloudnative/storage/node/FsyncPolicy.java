package dev.cloudnative.storage.node;

/** When a {@link FileNode} forces its log to the device. Thread-safe (enum). */
public enum FsyncPolicy {
  /** fsync after every record: an acknowledged write survives power loss. Slowest. */
  ALWAYS,
  /**
   * fsync at most once per configured interval (by the write that finds the interval elapsed, else
   * by a background thread) and on close: power loss costs at most about one interval of writes on
   * this replica (the other replicas still have them). The default.
   */
  INTERVAL,
  /** Leave flushing to the OS: survives a process crash, not power loss. */
  NEVER
}
