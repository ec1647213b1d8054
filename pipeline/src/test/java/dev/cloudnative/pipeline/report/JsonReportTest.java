package dev.cloudnative.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.pipeline.OutputLine;
import dev.cloudnative.pipeline.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.JsonSchema;

class JsonReportTest extends ReportFormatContract {

  @Override
  protected ReportFormat format() {
    return ReportFormat.json();
  }

  @Override
  @SuppressWarnings("unchecked")
  protected void assertParsesBackTo(String rendered, RunStatus run) {
    // YAML 1.2 with the JSON schema is a JSON parser; the report uses no JSON feature outside it
    Map<String, Object> doc =
        (Map<String, Object>)
            new Load(LoadSettings.builder().setSchema(new JsonSchema()).build())
                .loadFromString(rendered);

    assertThat(doc.get("pipeline")).isEqualTo("report");
    assertThat(doc.get("status")).isEqualTo("FAILED");
    assertThat(doc.get("runId")).isEqualTo(run.runId());
    assertThat(doc.get("message")).isEqualTo(run.message().orElseThrow());
    List<Map<String, Object>> stages = (List<Map<String, Object>>) doc.get("stages");
    assertThat(stages)
        .extracting(s -> s.get("name"))
        .containsExactly("lint", "test", "deploy", "cleanup");
    assertThat(stages)
        .extracting(s -> s.get("status"))
        .containsExactly("SUCCEEDED", "FAILED", "SKIPPED", "SUCCEEDED");
    assertThat(stages.get(3).get("finally")).isEqualTo(true);
    assertThat((Map<String, Object>) stages.get(1).get("outputs")).containsEntry("version", "7");

    Map<String, Object> print = ((List<Map<String, Object>>) stages.get(0).get("steps")).get(0);
    assertThat(print.get("exitCode")).isEqualTo(0);
    assertThat(print.get("attempts")).isEqualTo(1);
    List<Map<String, Object>> tail = (List<Map<String, Object>>) print.get("tail");
    assertThat(tail)
        .extracting(l -> l.get("channel"))
        .containsExactlyInAnyOrder("STDOUT", "STDERR");
    String printed =
        (String)
            tail.stream()
                .filter(l -> l.get("channel").equals("STDOUT"))
                .findFirst()
                .orElseThrow()
                .get("text");
    assertThat(printed)
        .isEqualTo(
            run.step("lint", "print").tail().stream()
                .filter(l -> l.channel().name().equals("STDOUT"))
                .findFirst()
                .orElseThrow()
                .text());
    assertThat(printed).startsWith("a \"quoted\" <tag> & 'x' \\ back\u0001\u001b[31m \ud83d\ude00");

    Map<String, Object> log = ((List<Map<String, Object>>) stages.get(0).get("steps")).get(1);
    assertThat(log.get("exitCode")).isNull();
    String logged = (String) ((List<Map<String, Object>>) log.get("tail")).get(0).get("text");
    assertThat(logged).isEqualTo(SampleRun.NASTY.replace('\ud800', '\ufffd'));

    Map<String, Object> boom = ((List<Map<String, Object>>) stages.get(1).get("steps")).get(1);
    assertThat(boom.get("exitCode")).isEqualTo(3);
    assertThat(boom.get("message")).isEqualTo("exit code 3");
    assertThat(((Number) boom.get("durationMillis")).longValue())
        .isEqualTo(run.step("test", "boom").duration().toMillis());
  }

  @Test
  void readsBackIntoTheSameRun() {
    RunStatus run = SampleRun.run();
    String rendered = ReportFormat.json().render(run);
    RunStatus back = ReportFormat.parseJson(rendered);
    // everything the report holds comes back: rendering it again gives the same text
    // (a lone surrogate, written as the escape \ufffd, comes back as that character)
    assertThat(ReportFormat.json().render(back)).isEqualTo(rendered.replace("\\ufffd", "\ufffd"));
    assertThat(back.runId()).isEqualTo(run.runId());
    assertThat(back.status()).isEqualTo(run.status());
    assertThat(back.stage("test").orElseThrow().outputs()).containsEntry("version", "7");
    assertThat(back.step("test", "boom").exitCode()).hasValue(3);
    assertThat(back.step("lint", "print").tail())
        .isEqualTo(
            run.step("lint", "print").tail().stream()
                .map(l -> new OutputLine(l.channel(), l.text().replace('\ud800', '\ufffd')))
                .toList());
  }

  @Test
  void aMalformedReportNamesWhereItIsWrong() {
    assertThatThrownBy(() -> ReportFormat.parseJson("{\"runId\": "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed JSON report at offset");
    assertThatThrownBy(() -> ReportFormat.parseJson("{\"runId\": 1, \"stages\": []}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("report.runId must be a string");
  }
}
