package dev.cloudnative.pipeline.report;

import dev.cloudnative.pipeline.OutputLine;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.StageStatus;
import dev.cloudnative.pipeline.StepStatus;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON report (RFC 8259), written by hand to keep the module free of a JSON library. Stateless.
 */
final class JsonReport implements ReportFormat {
  static final JsonReport INSTANCE = new JsonReport();

  private JsonReport() {}

  @Override
  public String render(RunStatus run) {
    StringBuilder b = new StringBuilder(4096);
    b.append("{\n  \"runId\": ")
        .append(str(run.runId()))
        .append(",\n  \"pipeline\": ")
        .append(str(run.pipeline()))
        .append(",\n  \"status\": ")
        .append(str(run.status().name()))
        .append(",\n  \"startedAt\": ")
        .append(str(run.startedAt().toString()))
        .append(",\n  \"durationMillis\": ")
        .append(millis(run.duration()))
        .append(",\n  \"message\": ")
        .append(opt(run.message()))
        .append(",\n  \"stages\": [");
    for (int i = 0; i < run.stages().size(); i++) {
      b.append(i == 0 ? "\n" : ",\n");
      stage(b, run.stages().get(i));
    }
    b.append(run.stages().isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    return b.toString();
  }

  private static void stage(StringBuilder b, StageStatus s) {
    b.append("    {\"name\": ")
        .append(str(s.name()))
        .append(", \"finally\": ")
        .append(s.finallyStage())
        .append(", \"status\": ")
        .append(str(s.status().name()))
        .append(", \"startedAt\": ")
        .append(opt(s.startedAt().map(Object::toString)))
        .append(", \"durationMillis\": ")
        .append(millis(s.duration()))
        .append(", \"message\": ")
        .append(opt(s.message()))
        .append(", \"outputs\": {");
    Iterator<Map.Entry<String, String>> it =
        new java.util.TreeMap<>(s.outputs()).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, String> e = it.next();
      b.append(str(e.getKey())).append(": ").append(str(e.getValue()));
      if (it.hasNext()) {
        b.append(", ");
      }
    }
    b.append("},\n     \"steps\": [");
    for (int i = 0; i < s.steps().size(); i++) {
      b.append(i == 0 ? "\n" : ",\n");
      step(b, s.steps().get(i));
    }
    b.append(s.steps().isEmpty() ? "]}" : "\n     ]}");
  }

  private static void step(StringBuilder b, StepStatus s) {
    b.append("       {\"name\": ")
        .append(str(s.name()))
        .append(", \"status\": ")
        .append(str(s.status().name()))
        .append(", \"attempts\": ")
        .append(s.attempts())
        .append(", \"exitCode\": ")
        .append(s.exitCode().isPresent() ? Integer.toString(s.exitCode().getAsInt()) : "null")
        .append(", \"durationMillis\": ")
        .append(millis(s.duration()))
        .append(", \"message\": ")
        .append(opt(s.message()))
        .append(", \"outputLines\": ")
        .append(s.outputLines())
        .append(", \"tail\": [");
    for (int i = 0; i < s.tail().size(); i++) {
      OutputLine l = s.tail().get(i);
      b.append(i == 0 ? "" : ", ")
          .append("{\"channel\": ")
          .append(str(l.channel().name()))
          .append(", \"text\": ")
          .append(str(l.text()))
          .append('}');
    }
    b.append("]}");
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }

  private static String opt(Optional<String> s) {
    return s.map(JsonReport::str).orElse("null");
  }

  static String str(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
            // control characters must be escaped; a lone surrogate would make invalid UTF-8
            b.append(String.format("\\u%04x", (int) (Character.isSurrogate(c) ? 0xfffd : c)));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
