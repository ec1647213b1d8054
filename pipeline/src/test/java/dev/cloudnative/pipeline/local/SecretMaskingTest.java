package dev.cloudnative.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.pipeline.InvalidPipelineException;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.report.ReportFormat;
import dev.cloudnative.pipeline.yaml.YamlPipelineReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leave a run: not in output lines (tails, listeners, a Java step's logger), not in
 * messages, outputs or events, not in any report; nor as base64 at any alignment, wrapped or not,
 * nor line by line when the secret has several lines.
 */
class SecretMaskingTest {

  private static final String TOKEN = "tok-4f9a1c2e7b3d5a60";
  private static final String KEY = "first-line-of-the-key\nsecond-line-of-the-key";
  private static final String LONG = "L".repeat(40) + "0123456789abcdef".repeat(5);
  private static final String RUNNER = "runner-secret-81d2c0";

  @TempDir Path workspace;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** What {@code base64} (GNU coreutils, 76 columns) prints for {@code s}: its lines. */
  private static List<String> wrapped(String s) {
    String all = b64(s);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < all.length(); i += 76) {
      lines.add(all.substring(i, Math.min(all.length(), i + 76)));
    }
    return lines;
  }

  /** Every text that would reveal a secret if it appeared anywhere. */
  private static List<String> revealing() {
    List<String> forms = new ArrayList<>(List.of(TOKEN, KEY, LONG, RUNNER));
    forms.addAll(List.of(KEY.split("\n")));
    for (String prefix : List.of("", "x", "xy")) {
      String raw = b64(prefix + TOKEN);
      // the middle of the encoding depends on the secret's bytes only
      forms.add(raw.substring(4, raw.length() - 4));
    }
    wrapped(LONG).stream().filter(l -> l.length() >= 8).forEach(forms::add);
    return forms;
  }

  private static void assertReveals(String where, String text) {
    for (String form : revealing()) {
      assertThat(text).as(where + " must not contain '" + form + "'").doesNotContain(form);
    }
  }

  @Test
  void noChannelCarriesASecretInAnyForm() {
    Pipeline p =
        Pipeline.builder("secrets")
            .continueOnFailure()
            .secret("TOKEN", TOKEN)
            .secret("KEY", KEY)
            .secret("LONG", LONG)
            .stage(
                "leak",
                s ->
                    s.shell("plain", "echo \"token is $TOKEN\"; echo \"err $TOKEN\" >&2")
                        .shell(
                            "b64",
                            "printf %s \"$TOKEN\" | base64; printf x%s \"$TOKEN\" | base64;"
                                + " printf xy%s \"$TOKEN\" | base64")
                        .shell("lines", "printf '%s\\n' \"$KEY\"")
                        .shell("wrapped", "printf %s \"$LONG\" | base64")
                        .shell("runner", "echo \"runner has $RUNNER_TOKEN\"")
                        .java(
                            "logger",
                            ctx -> {
                              ctx.logger().info("java sees " + ctx.env().get("TOKEN"));
                              ctx.logger().error("and " + ctx.env().get("KEY"));
                            })
                        .shell("output", "echo \"tok=$TOKEN\" >> \"$PIPELINE_OUTPUT\""))
            .stage(
                "use",
                s ->
                    s.needs("leak")
                        .shell("gets-the-real-value", "[ \"$OUTPUT_LEAK_TOK\" = \"$TOKEN\" ]")
                        .step(
                            Step.java(
                                    "throws",
                                    ctx -> {
                                      throw new IllegalStateException(
                                          "refused token " + ctx.env().get("TOKEN"));
                                    })
                                .continueOnError())
                        .shell("fails", "echo \"$TOKEN\" >&2; exit 4"))
            .build();
    List<PipelineEvent> events = new CopyOnWriteArrayList<>();
    RunStatus run =
        LocalPipelineRunner.create(
                LocalRunnerConfig.custom()
                    .workspace(workspace)
                    .killGracePeriod(Duration.ofSeconds(1))
                    .secret("RUNNER_TOKEN", RUNNER)
                    .build())
            .run(p, events::add);

    assertThat(run.stage("leak").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    assertThat(run.step("use", "gets-the-real-value").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(run.step("use", "fails").status()).isEqualTo(Status.FAILED);
    // what is masked shows where the secret was
    assertThat(run.step("leak", "plain").tail(OutputChannel.STDOUT))
        .containsExactly("token is ***");
    assertThat(run.step("leak", "plain").tail(OutputChannel.STDERR)).containsExactly("err ***");
    assertThat(run.step("leak", "b64").tail(OutputChannel.STDOUT))
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).contains("***"));
    assertThat(run.step("leak", "lines").tail(OutputChannel.STDOUT)).containsExactly("***", "***");
    assertThat(wrapped(LONG)).hasSize(3);
    assertThat(run.step("leak", "wrapped").tail(OutputChannel.STDOUT))
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).startsWith("***"));
    assertThat(run.step("leak", "runner").tail(OutputChannel.STDOUT))
        .containsExactly("runner has ***");
    assertThat(run.step("leak", "logger").tail(OutputChannel.STDOUT))
        .containsExactly("java sees ***");
    assertThat(run.step("leak", "logger").tail(OutputChannel.STDERR))
        .containsExactly("and ***", "***");
    assertThat(run.stage("leak").orElseThrow().outputs()).containsEntry("tok", "***");
    assertThat(run.step("use", "throws").message()).get().asString().endsWith("refused token ***");

    // every channel: snapshots, each event, each report
    assertReveals("run status", run.toString());
    assertThat(events).isNotEmpty();
    for (PipelineEvent e : events) {
      assertReveals(e.getClass().getSimpleName(), e.toString());
    }
    assertThat(events)
        .filteredOn(e -> e instanceof PipelineEvent.StepOutput)
        .extracting(e -> ((PipelineEvent.StepOutput) e).line())
        .contains("token is ***", "java sees ***", "runner has ***");
    for (ReportFormat f :
        List.of(ReportFormat.text(), ReportFormat.json(), ReportFormat.junitXml())) {
      String report = f.render(run);
      assertThat(report).contains("***");
      assertReveals("report " + f, report);
    }
    // the definition and the runner's settings do not print them either
    assertThat(p.toString()).doesNotContain(TOKEN).doesNotContain(LONG).contains("TOKEN=***");
    assertThat(LocalRunnerConfig.custom().secret("RUNNER_TOKEN", RUNNER).build().toString())
        .doesNotContain(RUNNER);
  }

  @Test
  void stagesAndStepsPrintTheirEnvNamesButNoValues() {
    Pipeline p =
        Pipeline.builder("leaky")
            .secret("TOKEN")
            .stage(
                "deploy",
                s ->
                    s.env("TOKEN", TOKEN)
                        .step(Step.command("push", "true").env("TOKEN", LONG).env("MODE", "fast")))
            .build();
    assertThat(p.toString())
        .doesNotContain(TOKEN)
        .doesNotContain(LONG)
        .doesNotContain("fast")
        .contains("env=[TOKEN]", "env=[MODE, TOKEN]");
    assertThat(p.stage("deploy").orElseThrow().steps().get(0).toString()).doesNotContain(LONG);
  }

  @Test
  void yamlNamesSecretsWhoseValuesComeFromTheRunner() {
    Pipeline p =
        YamlPipelineReader.read(
            """
            name: yaml-secrets
            secrets: [DEPLOY_TOKEN]
            stages:
              deploy:
                steps:
                  - run: 'echo "using $DEPLOY_TOKEN"; printf %s "$DEPLOY_TOKEN" | base64'
            """);
    assertThat(p.secrets()).containsExactly("DEPLOY_TOKEN");
    List<PipelineEvent> events = new CopyOnWriteArrayList<>();
    RunStatus run =
        LocalPipelineRunner.create(
                LocalRunnerConfig.custom().workspace(workspace).env("DEPLOY_TOKEN", TOKEN).build())
            .run(p, events::add);
    assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(run.step("deploy", "step-1").tail(OutputChannel.STDOUT))
        .containsExactly("using ***", "***");
    for (PipelineEvent e : events) {
      assertReveals(e.getClass().getSimpleName(), e.toString());
    }
    assertReveals("json report", ReportFormat.json().render(run));
  }

  @Test
  void aSecretNameMustBeAVariableName() {
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read(
                    "name: bad\nsecrets: [not-a-name]\nstages: {a: {steps: [{run: 'true'}]}}"))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("not-a-name");
  }

  @Test
  void maskerCoversEveryAlignmentAndLeavesOtherTextAlone() {
    SecretMasker m = SecretMasker.of(List.of(TOKEN));
    for (String prefix : List.of("", "a", "ab", "abc", "abcd")) {
      String encoded = b64(prefix + TOKEN + "\n");
      String masked = m.mask("data: " + encoded);
      assertThat(masked).as("prefix '%s'", prefix).contains("***");
      assertThat(masked).doesNotContain(encoded.substring(8, encoded.length() - 8));
    }
    assertThat(m.mask("nothing secret here")).isEqualTo("nothing secret here");
    assertThat(SecretMasker.of(List.of(" ", "")).isEmpty()).isTrue();
    assertThat(SecretMasker.none().mask("x")).isEqualTo("x");
  }
}
