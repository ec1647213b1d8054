package dev.cloudnative.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.pipeline.RunStatus;
import java.util.List;

class TextReportTest extends ReportFormatContract {

  @Override
  protected ReportFormat format() {
    return ReportFormat.text();
  }

  @Override
  protected void assertParsesBackTo(String rendered, RunStatus run) {
    List<String> lines = rendered.lines().toList();
    assertThat(lines.get(0)).startsWith("Pipeline report (run " + run.runId() + "): FAILED in ");
    assertThat(lines.get(1).trim()).isEqualTo(run.message().orElseThrow());
    assertThat(lines.get(2).trim()).startsWith("STAGE / STEP");
    // one row per stage and per step, in order, with the status in the second column
    List<String[]> rows =
        lines.subList(3, lines.size()).stream().map(l -> l.trim().split("\\s+")).toList();
    assertThat(rows)
        .extracting(r -> r[0])
        .containsExactly(
            "lint", "print", "log", "test", "fail", "boom", "deploy", "never", "cleanup", "done");
    assertThat(rows.get(5)[1]).isEqualTo("FAILED");
    assertThat(rows.get(6)[1]).isEqualTo("SKIPPED");
    assertThat(rendered)
        .contains("cleanup (finally)")
        .contains("exit 3")
        .contains("not run: needed stage 'test' failed");
    assertThat(lines).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
  }
}
