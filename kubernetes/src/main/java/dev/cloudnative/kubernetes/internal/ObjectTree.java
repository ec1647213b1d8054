package dev.cloudnative.kubernetes.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An API object as the plain tree plan and drift compare ({@code Map}/{@code List}/{@code
 * String}/{@code Long}/{@code BigDecimal}/{@code Boolean}), in its canonical form: without what the
 * API server manages ({@code status}, {@code metadata.resourceVersion}, {@code uid}, {@code
 * generation}, {@code managedFields}, {@code creationTimestamp}, {@code selfLink}), without the
 * SDK's own {@link LastApplied#ANNOTATION}, without empty maps, lists and nulls (absent and empty
 * compare equal), and with a Secret's {@code stringData} folded into {@code data} (as the server
 * does) and every {@code data} value replaced by its SHA-256 digest, so that no secret value is
 * kept, recorded or compared in the clear.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class ObjectTree {

  /** fabric8's serializer, thread-safe once built. */
  public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final Set<String> SERVER_METADATA =
      Set.of(
          "resourceVersion",
          "uid",
          "generation",
          "managedFields",
          "creationTimestamp",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  private ObjectTree() {}

  /** The canonical tree of {@code object}. */
  public static Map<String, Object> of(HasMetadata object) {
    @SuppressWarnings("unchecked")
    Map<String, Object> raw = SERIALIZATION.convertValue(object, Map.class);
    return canonical(raw);
  }

  /** The canonical form of a tree that was serialized from an object (or parsed from JSON). */
  public static Map<String, Object> canonical(Map<String, Object> raw) {
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = (Map<String, Object>) normalize(raw);
    if (tree == null) {
      return new LinkedHashMap<>();
    }
    tree.remove("status");
    if (tree.get("metadata") instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) m;
      SERVER_METADATA.forEach(metadata::remove);
      if (metadata.get("annotations") instanceof Map<?, ?> a) {
        a.remove(LastApplied.ANNOTATION);
        if (a.isEmpty()) {
          metadata.remove("annotations");
        }
      }
    }
    if ("Secret".equals(tree.get("kind"))) {
      hashSecret(tree);
    }
    return tree;
  }

  /** Whether {@code tree} is a Secret, whose {@code data} values are shown redacted. */
  public static boolean isSecret(Map<String, Object> tree) {
    return "Secret".equals(tree.get("kind"));
  }

  /** The managed-fields entries of a raw (not canonical) object tree, empty when it has none. */
  public static List<Map<String, Object>> managedFields(HasMetadata object) {
    @SuppressWarnings("unchecked")
    Map<String, Object> raw = SERIALIZATION.convertValue(object, Map.class);
    List<Map<String, Object>> entries = new ArrayList<>();
    if (raw.get("metadata") instanceof Map<?, ?> m && m.get("managedFields") instanceof List<?> l) {
      for (Object e : l) {
        if (e instanceof Map<?, ?> entry) {
          @SuppressWarnings("unchecked")
          Map<String, Object> typed = (Map<String, Object>) entry;
          entries.add(typed);
        }
      }
    }
    return entries;
  }

  /** Compact JSON of a tree value. */
  public static String json(Object value) {
    return SERIALIZATION.asJson(value);
  }

  /** Parses a JSON object written by {@link #json}; empty when it is not a JSON object. */
  public static Optional<Map<String, Object>> parse(String json) {
    try {
      Object parsed = SERIALIZATION.unmarshal(json, Object.class);
      if (parsed instanceof Map<?, ?>) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) normalize(parsed);
        return Optional.of(map == null ? new LinkedHashMap<>() : map);
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // not ours, or edited by hand into something unreadable
    }
  }

  /** Deep copy with nulls and empty containers dropped and numbers unified; null when empty. */
  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object v = normalize(e.getValue());
        if (v != null) {
          out.put(String.valueOf(e.getKey()), v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object item : l) {
        Object v = normalize(item);
        if (v != null) {
          out.add(v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (value instanceof Byte
        || value instanceof Short
        || value instanceof Integer
        || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n) {
      BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
      return d.scale() <= 0 ? (Object) d.longValueExact() : d;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static void hashSecret(Map<String, Object> tree) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (tree.get("data") instanceof Map<?, ?> d) {
      d.forEach((k, v) -> data.put(String.valueOf(k), dataDigest(String.valueOf(v))));
    }
    if (tree.remove("stringData") instanceof Map<?, ?> s) {
      s.forEach(
          (k, v) ->
              data.put(
                  String.valueOf(k), digest(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
    }
    if (data.isEmpty()) {
      tree.remove("data");
    } else {
      tree.put("data", data);
    }
  }

  /**
   * The digest of a Secret {@code data} value: of its decoded bytes, or the value itself when it is
   * already a digest (a tree canonicalised before), or a marker when it is not base64 at all.
   */
  private static String dataDigest(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException notBase64) {
      return base64.startsWith("sha256:") ? base64 : "sha256:invalid-base64";
    }
    return digest(bytes);
  }

  private static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
