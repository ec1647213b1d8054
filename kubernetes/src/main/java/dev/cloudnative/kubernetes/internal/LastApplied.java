package dev.cloudnative.kubernetes.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of what the SDK last applied to an object on a real API server: the annotation {@value
 * #ANNOTATION}, in the spirit of {@code kubectl.kubernetes.io/last-applied-configuration}, holding
 * the {@link ObjectTree canonical tree} of the applied object as compact JSON. A Secret's values
 * are recorded as SHA-256 digests, never in the clear (kubectl's annotation does hold them).
 *
 * <p>The values are needed because {@code managedFields} alone cannot say what the SDK set: they
 * list field names, not values, and once another manager updates a field the SDK owned the field
 * leaves the SDK's entry; an API server that refuses server-side apply (fabric8's mock) keeps no
 * {@code managedFields} at all. Drift reads the values here and the manager from {@code
 * managedFields} where the server keeps them.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class LastApplied {

  /** The annotation the SDK writes on every object it applies. */
  public static final String ANNOTATION = "cloudnative.dev/last-applied-configuration";

  private static final Logger LOG = LoggerFactory.getLogger(LastApplied.class);

  private LastApplied() {}

  /**
   * The largest record written, in characters: the API server refuses more than 256 KiB of
   * annotations per object, and a record that large would put the apply itself at risk (kubectl's
   * annotation has the same limit, and fails the apply). Larger objects are applied without one.
   */
  static final int MAX_RECORD = 128 * 1024;

  /**
   * Sets the annotation on {@code desired} to its own canonical tree (replacing an earlier one);
   * returns {@code desired}. An object whose record would exceed {@link #MAX_RECORD} gets none, and
   * drift then reports it {@code NOT_APPLIED}.
   */
  public static <T extends HasMetadata> T annotate(T desired) {
    String json = ObjectTree.json(ObjectTree.of(desired));
    if (json.length() > MAX_RECORD) {
      LOG.info(
          "{} {}/{} is applied without the {} record: {} characters, more than {}; drift cannot"
              + " compare it",
          desired.getKind(),
          desired.getMetadata().getNamespace(),
          desired.getMetadata().getName(),
          ANNOTATION,
          json.length(),
          MAX_RECORD);
      if (desired.getMetadata().getAnnotations() != null) {
        Map<String, String> kept = new LinkedHashMap<>(desired.getMetadata().getAnnotations());
        kept.remove(ANNOTATION);
        desired.getMetadata().setAnnotations(kept.isEmpty() ? null : kept);
      }
      return desired;
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.put(ANNOTATION, json);
    desired.getMetadata().setAnnotations(annotations);
    return desired;
  }

  /** The tree recorded on {@code live}, empty when it carries none (or one that is unreadable). */
  public static Optional<Map<String, Object>> of(HasMetadata live) {
    Map<String, String> annotations = live.getMetadata().getAnnotations();
    if (annotations == null || annotations.get(ANNOTATION) == null) {
      return Optional.empty();
    }
    return ObjectTree.parse(annotations.get(ANNOTATION)).map(ObjectTree::canonical);
  }
}
