package dev.cloudnative.docker.inmemory;

import java.util.List;
import java.util.Map;

/**
 * An image in the in-memory daemon: id, files and the runtime defaults a Dockerfile sets.
 *
 * <p>Immutable and thread-safe (the file map is never mutated after construction).
 */
record ImageRecord(
    String id,
    Map<String, byte[]> files,
    Map<String, String> labels,
    Map<String, String> env,
    List<String> entrypoint,
    List<String> cmd,
    String workingDir,
    String user,
    List<String> healthCheck) {

  static ImageRecord scratch() {
    return new ImageRecord(
        "", Map.of(), Map.of(), Map.of(), List.of(), List.of(), "/", "", List.of());
  }

  long size() {
    return files.values().stream().mapToLong(b -> b.length).sum();
  }
}
