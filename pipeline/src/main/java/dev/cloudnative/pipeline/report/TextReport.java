package dev.cloudnative.pipeline.report;

import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.StageStatus;
import dev.cloudnative.pipeline.StepStatus;
import java.time.Duration;
import java.util.Locale;

/** A console table of a run: one line per stage, one indented line per step. Stateless. */
final class TextReport implements ReportFormat {
  static final TextReport INSTANCE = new TextReport();

  private TextReport() {}

  @Override
  public String render(RunStatus run) {
    int width = 12;
    for (StageStatus s : run.stages()) {
      width = Math.max(width, s.name().length() + (s.finallyStage() ? 12 : 2));
      for (StepStatus st : s.steps()) {
        width = Math.max(width, st.name().length() + 4);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Pipeline %s (run %s): %s in %s%n",
            run.pipeline(),
            run.runId(),
            run.status(),
            time(run.duration())));
    run.message().ifPresent(m -> b.append("  ").append(m).append(System.lineSeparator()));
    String row = "  %-" + width + "s %-10s %8s  %-9s %s%n";
    b.append(
        String.format(Locale.ROOT, row, "STAGE / STEP", "STATUS", "TIME", "ATTEMPTS", "DETAIL"));
    for (StageStatus s : run.stages()) {
      b.append(
          String.format(
              Locale.ROOT,
              row,
              s.name() + (s.finallyStage() ? " (finally)" : ""),
              s.status(),
              time(s.duration()),
              "",
              s.message().orElse("")));
      for (StepStatus st : s.steps()) {
        String detail =
            (st.exitCode().isPresent() ? "exit " + st.exitCode().getAsInt() : "")
                + st.message().map(m -> (st.exitCode().isPresent() ? "; " : "") + m).orElse("");
        b.append(
            String.format(
                Locale.ROOT,
                row,
                "  " + st.name(),
                st.status(),
                time(st.duration()),
                st.attempts() == 0 ? "-" : Integer.toString(st.attempts()),
                detail));
      }
    }
    // padding of the last column leaves trailing blanks; strip them so the text diffs cleanly
    return b.toString().replaceAll("(?m)[ \t]+$", "");
  }

  private static String time(Duration d) {
    return String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9);
  }
}
