package dev.cloudnative.mesh;

import java.util.Objects;

/**
 * Traffic mirroring of a route (Istio's {@code mirror}/{@code mirrorPercentage}): a copy of {@code
 * percent} of the route's calls is also sent, fire-and-forget on the mesh's worker threads, to an
 * endpoint of {@code subset}. The mirrored attempt's outcome is recorded for its endpoint
 * (statistics, breaker, outlier detection) but never affects the caller. Immutable; thread-safe.
 *
 * @param subset subset receiving the copies
 * @param percent share of calls mirrored, 0..100
 */
public record Mirror(String subset, double percent) {

  public Mirror {
    Objects.requireNonNull(subset, "subset");
    if (subset.isBlank()) {
      throw new IllegalArgumentException(
          "Mirror subset was '" + subset + "'; allowed a non-blank name");
    }
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("Mirror percent was " + percent + "; allowed 0..100");
    }
  }

  public static Mirror of(String subset, double percent) {
    return new Mirror(subset, percent);
  }
}
