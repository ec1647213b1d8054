package dev.cloudnative.docker.engine;

import com.github.dockerjava.api.model.ResponseItem;
import dev.cloudnative.docker.internal.Progress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a push or pull progress stream into the few lines a person wants to read: each layer's
 * outcome ({@code Pushed}, {@code Layer already exists}, {@code Pull complete}, ...), the transfer
 * percent of large layers in quarters, and the digest for the final line. The engine sends many
 * items per layer per second (every chunk), so everything else stays out of the INFO log.
 *
 * <p>Not thread-safe: fed by the one docker-java callback thread of a stream, read after the stream
 * completed.
 */
final class TransferProgress {
  /** Layers smaller than this finish at once; their percent lines would only be noise. */
  static final long PERCENT_MIN_BYTES = 1_000_000;

  private static final Pattern DIGEST = Pattern.compile("(?i)digest: (sha256:[0-9a-f]{64})");
  private static final Set<String> OUTCOMES =
      Set.of("Pushed", "Layer already exists", "Pull complete", "Already exists");

  private final String op;
  private final String reference;
  private final Map<String, Integer> quarterLogged = new HashMap<>();
  private final Set<String> layers = new LinkedHashSet<>();
  private String digest;

  /**
   * @param op {@code push} or {@code pull}
   * @param reference the image reference transferred
   */
  TransferProgress(String op, String reference) {
    this.op = op;
    this.reference = reference;
  }

  /** The lines to log for one stream item (often none). */
  List<String> accept(ResponseItem item) {
    List<String> out = new ArrayList<>(1);
    if (item.getAux() != null && item.getAux().getDigest() != null) {
      digest = item.getAux().getDigest();
    }
    String status = item.getStatus();
    if (status == null) {
      return out;
    }
    Matcher m = DIGEST.matcher(status);
    if (m.find()) {
      digest = m.group(1);
    }
    String id = item.getId();
    if (id == null || id.equals(reference) || !id.matches("[0-9a-f]{12,64}")) {
      return out; // repository-level lines ("The push refers to ...", "Pulling from x" with the tag
      // as id)
    }
    layers.add(id);
    if (OUTCOMES.contains(status) || status.startsWith("Mounted from")) {
      out.add(op + " " + reference + " layer " + id + ": " + status);
      return out;
    }
    ResponseItem.ProgressDetail p = item.getProgressDetail();
    if (p != null
        && p.getCurrent() != null
        && p.getTotal() != null
        && p.getTotal() >= PERCENT_MIN_BYTES) {
      int quarter = (int) Math.min(4, p.getCurrent() * 4 / p.getTotal());
      String key = id + " " + status;
      if (quarter > 0 && quarter < 4 && quarter > quarterLogged.getOrDefault(key, 0)) {
        quarterLogged.put(key, quarter);
        out.add(
            op
                + " "
                + reference
                + " layer "
                + id
                + ": "
                + status
                + " "
                + quarter * 25
                + "% of "
                + Progress.bytes(p.getTotal()));
      }
    }
    return out;
  }

  /** The manifest digest the engine reported, if it did (Podman's pull stream does not). */
  Optional<String> digest() {
    return Optional.ofNullable(digest);
  }

  /** How many distinct layers the stream mentioned. */
  int layerCount() {
    return layers.size();
  }
}
