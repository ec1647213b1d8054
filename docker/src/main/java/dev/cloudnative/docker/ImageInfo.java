package dev.cloudnative.docker;

import java.util.List;
import java.util.Map;

/**
 * An image as the engine reports it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id full id ({@code sha256:...})
 * @param tags repository tags ({@code repo:tag}); Podman prefixes short names with {@code
 *     localhost/}
 * @param labels image labels
 * @param sizeBytes size as reported by the engine
 */
public record ImageInfo(String id, List<String> tags, Map<String, String> labels, long sizeBytes) {
  public ImageInfo {
    tags = List.copyOf(tags);
    labels = Map.copyOf(labels);
  }
}
