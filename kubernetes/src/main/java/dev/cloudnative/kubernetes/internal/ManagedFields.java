package dev.cloudnative.kubernetes.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns a field, read from an object's {@code metadata.managedFields} ({@code FieldsV1}): the
 * entry whose field set contains the path ({@code f:spec} / {@code f:replicas}, list items as
 * {@code k:{"name":"web"}}), or an ancestor of it as a leaf (an atomic list or map); among several,
 * the most recent by {@code time}. Paths are those of {@link ObjectDiff}; an index segment of an
 * unkeyed list is matched through its list as a whole.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class ManagedFields {

  private ManagedFields() {}

  /** The manager owning {@code path} by {@code entries}, empty when none does. */
  public static Optional<String> managerOf(List<Map<String, Object>> entries, String path) {
    List<String> segments = segments(path);
    String best = null;
    String bestTime = "";
    for (Map<String, Object> e : entries) {
      if (!(e.get("manager") instanceof String manager)
          || !(e.get("fieldsV1") instanceof Map<?, ?> fields)) {
        continue;
      }
      if (owns(fields, segments)) {
        String time = e.get("time") instanceof String t ? t : "";
        if (best == null || time.compareTo(bestTime) > 0) {
          best = manager;
          bestTime = time;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean owns(Map<?, ?> fields, List<String> segments) {
    Map<?, ?> node = fields;
    for (String s : segments) {
      Object child;
      if (s.startsWith("[name=") && s.endsWith("]")) {
        String name = s.substring("[name=".length(), s.length() - 1);
        child =
            node.get("k:{\"name\":\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
      } else if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
        return node.isEmpty(); // an index into a list owned as a whole
      } else {
        child = node.get("f:" + s);
      }
      if (!(child instanceof Map<?, ?> c)) {
        return false;
      }
      if (c.isEmpty()) {
        return true; // a leaf: this manager owns the field, or the whole atomic value
      }
      node = c;
    }
    return true;
  }

  /** {@code /spec/template/spec/containers[name=web]/image} as its segments, unescaped. */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int bracket = part.indexOf("[name=");
      String head = bracket < 0 ? part : part.substring(0, bracket);
      if (!head.isEmpty()) {
        out.add(head.replace("~1", "/").replace("~0", "~"));
      }
      while (bracket >= 0) {
        int end = part.indexOf(']', bracket);
        out.add(part.substring(bracket, end + 1));
        bracket = part.indexOf("[name=", end);
      }
    }
    return out;
  }
}
