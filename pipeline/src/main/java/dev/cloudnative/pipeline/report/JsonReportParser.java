package dev.cloudnative.pipeline.report;

import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.OutputLine;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.StageStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the JSON report {@link JsonReport} writes back into a {@link RunStatus}: a small RFC 8259
 * parser (objects, arrays, strings with escapes, numbers, literals) and the mapping of the report's
 * fields. What the report does not hold comes back empty: a step's start time. Stateless,
 * thread-safe.
 */
final class JsonReportParser {
  private final String text;
  private int pos;

  private JsonReportParser(String text) {
    this.text = text;
  }

  /**
   * The run {@code json} describes.
   *
   * @throws IllegalArgumentException if it is not JSON or not a report, naming the position or
   *     field
   */
  static RunStatus parse(String json) {
    JsonReportParser p = new JsonReportParser(json);
    p.skipBlanks();
    Object root = p.value();
    p.skipBlanks();
    if (p.pos != json.length()) {
      throw p.error("unexpected text after the document");
    }
    return run(object(root, "report"));
  }

  private static RunStatus run(Map<String, Object> m) {
    List<StageStatus> stages = new ArrayList<>();
    List<Object> list = array(m.get("stages"), "report.stages");
    for (int i = 0; i < list.size(); i++) {
      String at = "report.stages[" + i + "]";
      stages.add(stage(object(list.get(i), at), at));
    }
    return new RunStatus(
        string(m, "runId", "report"),
        string(m, "pipeline", "report"),
        status(m, "report"),
        Instant.parse(string(m, "startedAt", "report")),
        Duration.ofMillis(number(m, "durationMillis", "report")),
        optional(m, "message", "report"),
        stages);
  }

  private static StageStatus stage(Map<String, Object> m, String at) {
    Map<String, String> outputs = new LinkedHashMap<>();
    object(m.get("outputs"), at + ".outputs")
        .forEach((k, v) -> outputs.put(k, stringValue(v, at + ".outputs." + k)));
    List<StepStatus> steps = new ArrayList<>();
    List<Object> list = array(m.get("steps"), at + ".steps");
    for (int i = 0; i < list.size(); i++) {
      String where = at + ".steps[" + i + "]";
      steps.add(step(object(list.get(i), where), where));
    }
    if (!(m.get("finally") instanceof Boolean finallyStage)) {
      throw new IllegalArgumentException(at + ".finally must be true or false");
    }
    return new StageStatus(
        string(m, "name", at),
        finallyStage,
        status(m, at),
        optional(m, "startedAt", at).map(Instant::parse),
        Duration.ofMillis(number(m, "durationMillis", at)),
        optional(m, "message", at),
        steps,
        outputs);
  }

  private static StepStatus step(Map<String, Object> m, String at) {
    List<OutputLine> tail = new ArrayList<>();
    List<Object> lines = array(m.get("tail"), at + ".tail");
    for (int i = 0; i < lines.size(); i++) {
      Map<String, Object> l = object(lines.get(i), at + ".tail[" + i + "]");
      tail.add(
          new OutputLine(
              OutputChannel.valueOf(string(l, "channel", at + ".tail[" + i + "]")),
              string(l, "text", at + ".tail[" + i + "]")));
    }
    Object exit = m.get("exitCode");
    return new StepStatus(
        string(m, "name", at),
        status(m, at),
        (int) number(m, "attempts", at),
        exit == null ? OptionalInt.empty() : OptionalInt.of((int) number(m, "exitCode", at)),
        Optional.empty(),
        Duration.ofMillis(number(m, "durationMillis", at)),
        optional(m, "message", at),
        number(m, "outputLines", at),
        tail);
  }

  private static Status status(Map<String, Object> m, String at) {
    String s = string(m, "status", at);
    try {
      return Status.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          at + ".status '" + s + "' is not a status, allowed: " + List.of(Status.values()), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object v, String at) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(at + " must be an object");
    }
    return (Map<String, Object>) m;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> array(Object v, String at) {
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException(at + " must be an array");
    }
    return (List<Object>) l;
  }

  private static String string(Map<String, Object> m, String key, String at) {
    return stringValue(m.get(key), at + "." + key);
  }

  private static String stringValue(Object v, String at) {
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(at + " must be a string");
    }
    return s;
  }

  private static Optional<String> optional(Map<String, Object> m, String key, String at) {
    return m.get(key) == null ? Optional.empty() : Optional.of(string(m, key, at));
  }

  private static long number(Map<String, Object> m, String key, String at) {
    if (!(m.get(key) instanceof Long n)) {
      throw new IllegalArgumentException(at + "." + key + " must be an integer");
    }
    return n;
  }

  // ---- the JSON grammar ----

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("malformed JSON report at offset " + pos + ": " + what);
  }

  private void skipBlanks() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private Object value() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{' -> {
        return objectValue();
      }
      case '[' -> {
        return arrayValue();
      }
      case '"' -> {
        return stringLiteral();
      }
      case 't' -> {
        return literal("true", Boolean.TRUE);
      }
      case 'f' -> {
        return literal("false", Boolean.FALSE);
      }
      case 'n' -> {
        return literal("null", null);
      }
      default -> {
        return numberLiteral();
      }
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
    return value;
  }

  private Map<String, Object> objectValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    pos++;
    skipBlanks();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      skipBlanks();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String key = stringLiteral();
      skipBlanks();
      expect(':');
      skipBlanks();
      m.put(key, value());
      skipBlanks();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return m;
      }
    }
  }

  private List<Object> arrayValue() {
    List<Object> l = new ArrayList<>();
    pos++;
    skipBlanks();
    if (peek() == ']') {
      pos++;
      return l;
    }
    while (true) {
      skipBlanks();
      l.add(value());
      skipBlanks();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return l;
      }
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "' but found '" + peek() + "'");
    }
    pos++;
  }

  private String stringLiteral() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = peek();
      pos++;
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = peek();
      pos++;
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          try {
            b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object numberLiteral() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String n = text.substring(start, pos);
    if (n.isEmpty()) {
      throw error("unexpected character '" + text.charAt(start) + "'");
    }
    try {
      if (n.contains(".") || n.contains("e") || n.contains("E")) {
        return Double.parseDouble(n);
      }
      return Long.parseLong(n);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("bad number '" + n + "'");
    }
  }
}
