package dev.cloudnative.pipeline.report;

import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.StageStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.StepStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The JUnit XML report in the widely read "Ant JUnit" shape. FAILED steps become {@code <failure>},
 * TIMED_OUT steps {@code <failure type="timeout">}, CANCELLED steps {@code <error
 * type="cancelled">}, SKIPPED steps {@code <skipped>}. Characters XML 1.0 cannot carry are written
 * as {@code \\uXXXX} text. Stateless.
 */
final class JUnitXmlReport implements ReportFormat {
  static final JUnitXmlReport INSTANCE = new JUnitXmlReport();

  private JUnitXmlReport() {}

  @Override
  public String render(RunStatus run) {
    int tests = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    for (StageStatus s : run.stages()) {
      for (StepStatus st : s.steps()) {
        tests++;
        failures += st.status().isFailure() ? 1 : 0;
        errors += st.status() == Status.CANCELLED ? 1 : 0;
        skipped += st.status() == Status.SKIPPED ? 1 : 0;
      }
    }
    StringBuilder b = new StringBuilder(4096);
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<testsuites name=")
        .append(attr(run.pipeline()))
        .append(" tests=\"")
        .append(tests)
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"")
        .append(errors)
        .append("\" skipped=\"")
        .append(skipped)
        .append("\" time=\"")
        .append(seconds(run.duration()))
        .append("\">\n");
    for (StageStatus s : run.stages()) {
      suite(b, run, s);
    }
    b.append("</testsuites>\n");
    return b.toString();
  }

  private static void suite(StringBuilder b, RunStatus run, StageStatus s) {
    List<StepStatus> steps = s.steps();
    long failures = steps.stream().filter(x -> x.status().isFailure()).count();
    long errors = steps.stream().filter(x -> x.status() == Status.CANCELLED).count();
    long skipped = steps.stream().filter(x -> x.status() == Status.SKIPPED).count();
    b.append("  <testsuite name=")
        .append(attr(run.pipeline() + "." + s.name()))
        .append(" tests=\"")
        .append(steps.size())
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"")
        .append(errors)
        .append("\" skipped=\"")
        .append(skipped)
        .append("\" time=\"")
        .append(seconds(s.duration()))
        .append('"');
    s.startedAt().ifPresent(t -> b.append(" timestamp=").append(attr(t.toString())));
    b.append(">\n");
    for (StepStatus st : steps) {
      b.append("    <testcase name=")
          .append(attr(st.name()))
          .append(" classname=")
          .append(attr(run.pipeline() + "." + s.name()))
          .append(" time=\"")
          .append(seconds(st.duration()))
          .append("\">\n");
      String msg = st.message().orElse(st.status().name());
      switch (st.status()) {
        case FAILED ->
            b.append("      <failure type=\"failed\" message=")
                .append(attr(msg))
                .append('>')
                .append(text(msg))
                .append("</failure>\n");
        case TIMED_OUT ->
            b.append("      <failure type=\"timeout\" message=")
                .append(attr(msg))
                .append('>')
                .append(text(msg))
                .append("</failure>\n");
        case CANCELLED ->
            b.append("      <error type=\"cancelled\" message=")
                .append(attr(msg))
                .append('>')
                .append(text(msg))
                .append("</error>\n");
        case SKIPPED -> b.append("      <skipped message=").append(attr(msg)).append("/>\n");
        default -> {
          // SUCCEEDED (or still running in a snapshot): no child element
        }
      }
      List<String> out = st.tail(OutputChannel.STDOUT);
      List<String> err = st.tail(OutputChannel.STDERR);
      if (!out.isEmpty()) {
        b.append("      <system-out>")
            .append(text(String.join("\n", out)))
            .append("</system-out>\n");
      }
      if (!err.isEmpty()) {
        b.append("      <system-err>")
            .append(text(String.join("\n", err)))
            .append("</system-err>\n");
      }
      b.append("    </testcase>\n");
    }
    b.append("  </testsuite>\n");
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
  }

  private static String attr(String s) {
    return '"' + escape(s, true) + '"';
  }

  private static String text(String s) {
    return escape(s, false);
  }

  static String escape(String s, boolean attribute) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append(attribute ? "&quot;" : "\"");
        case '\n' -> b.append(attribute ? "&#10;" : "\n");
        case '\r' -> b.append("&#13;");
        case '\t' -> b.append(attribute ? "&#9;" : "\t");
        default -> {
          boolean allowed =
              c >= 0x20
                  && c != 0xfffe
                  && c != 0xffff
                  && (!Character.isSurrogate(c) || pairedSurrogate(s, i));
          if (allowed) {
            b.append(c);
          } else {
            b.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return b.toString();
  }

  private static boolean pairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
