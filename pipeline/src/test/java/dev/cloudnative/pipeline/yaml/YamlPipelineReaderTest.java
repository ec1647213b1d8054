package dev.cloudnative.pipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cloudnative.pipeline.Condition;
import dev.cloudnative.pipeline.InvalidPipelineException;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.RetryPolicy;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlPipelineReaderTest {

  static final String YAML =
      """
      name: release
      fail-fast: false
      max-parallel: 3
      timeout: 30m
      finally-timeout: 2m
      env:
        MAVEN_OPTS: -Xmx1g
      stages:
        lint:
          steps:
            - name: style
              command: [mvn, -q, checkstyle:check]
        test:
          needs: lint
          env: {PROFILE: fast}
          timeout-minutes: 20
          steps:
            - name: unit
              run: mvn -q test "$1"
              args: [-Dgroups=fast]
              retries: 2
              timeout: 10m
              working-directory: core
              env: {CI: "true", THREADS: 4}
            - name: flaky
              command: [./flaky.sh]
              retry: {attempts: 4, backoff: 500ms, multiplier: 2, max-backoff: 5s}
              continue-on-error: true
        build:
          needs: [lint]
          steps:
            - name: package
              command: [mvn, -q, package, -DskipTests]
            - name: image
              image: maven:3.9-eclipse-temurin-17
              command: [mvn, verify]
        deploy:
          needs: [test, build]
          if: success()
          continue-on-error: true
          steps:
            - command: [kubectl, apply, -f, k8s/]
      finally:
        cleanup:
          steps:
            - name: clean
              run: rm -rf target/tmp
        notify:
          if: failure()
          steps:
            - name: mail
              command: [notify, --channel, ci]
      """;

  @Test
  void yamlAndBuilderProduceTheSameModel() {
    Pipeline built =
        Pipeline.builder("release")
            .continueOnFailure()
            .maxParallelism(3)
            .timeout(Duration.ofMinutes(30))
            .finallyTimeout(Duration.ofMinutes(2))
            .env("MAVEN_OPTS", "-Xmx1g")
            .stage("lint", s -> s.command("style", "mvn", "-q", "checkstyle:check"))
            .stage(
                "test",
                s ->
                    s.needs("lint")
                        .env("PROFILE", "fast")
                        .timeout(Duration.ofMinutes(20))
                        .step(
                            Step.shell("unit", "mvn -q test \"$1\"", "-Dgroups=fast")
                                .retry(RetryPolicy.attempts(3))
                                .timeout(Duration.ofMinutes(10))
                                .workingDirectory("core")
                                .env("CI", "true")
                                .env("THREADS", "4"))
                        .step(
                            Step.command("flaky", List.of("./flaky.sh"))
                                .retry(
                                    RetryPolicy.custom()
                                        .maxAttempts(4)
                                        .backoff(Duration.ofMillis(500), Duration.ofSeconds(5))
                                        .multiplier(2.0)
                                        .build())
                                .continueOnError()))
            .stage(
                "build",
                s ->
                    s.needs("lint")
                        .command("package", "mvn", "-q", "package", "-DskipTests")
                        .step(
                            Step.container(
                                "image", "maven:3.9-eclipse-temurin-17", List.of("mvn", "verify"))))
            .stage(
                "deploy",
                s ->
                    s.needs("test", "build")
                        .when(Condition.ON_SUCCESS)
                        .continueOnError()
                        .command("step-1", "kubectl", "apply", "-f", "k8s/"))
            .finallyStage("cleanup", s -> s.shell("clean", "rm -rf target/tmp"))
            .finallyStage("notify", s -> s.onFailure().command("mail", "notify", "--channel", "ci"))
            .build();

    Pipeline read = YamlPipelineReader.read(YAML);

    assertThat(read).isEqualTo(built);
  }

  @Test
  void readsFilesAndJobsAlias(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ci.yml");
    Files.writeString(
        file,
        """
        name: gha
        jobs:
          a:
            steps: [{run: echo a}]
          b:
            needs: a
            if: always
            steps: [{command: [echo, b]}]
        """);
    Pipeline p = YamlPipelineReader.read(file);
    assertThat(p.stages()).hasSize(2);
    assertThat(p.stage("b").orElseThrow().condition()).isEqualTo(Condition.ALWAYS);
    assertThat(p.stage("a").orElseThrow().steps().get(0).name()).isEqualTo("step-1");
  }

  @Test
  void yamlPipelineRunsOnTheLocalRunner(@TempDir Path workspace) {
    Pipeline p =
        YamlPipelineReader.read(
            """
            name: from-yaml
            fail-fast: false
            env: {GREETING: hello}
            stages:
              build:
                steps:
                  - name: version
                    run: echo "version=$1" >> "$PIPELINE_OUTPUT"
                    args: ["1.0; rm -rf /"]
              test:
                needs: build
                steps:
                  - name: flaky
                    run: exit 1
                    retries: 1
                    continue-on-error: true
                  - name: greet
                    command: [sh, -c, 'echo "$GREETING $OUTPUT_BUILD_VERSION"']
              broken:
                steps:
                  - command: ["false"]
              on-broken:
                needs: broken
                if: failure()
                steps:
                  - command: ["true"]
            finally:
              cleanup:
                steps:
                  - {command: ["true"], timeout: 5s}
            """);
    RunStatus r =
        LocalPipelineRunner.create(LocalRunnerConfig.custom().workspace(workspace).build()).run(p);

    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.stage("build").orElseThrow().outputs()).containsEntry("version", "1.0; rm -rf /");
    assertThat(r.step("test", "flaky").attempts()).isEqualTo(2);
    assertThat(r.step("test", "greet").tail(OutputChannel.STDOUT))
        .containsExactly("hello 1.0; rm -rf /");
    assertThat(r.stage("on-broken").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.stage("cleanup").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void cycleInYamlIsNamed() {
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read(
                    """
                    name: loop
                    stages:
                      a: {needs: b, steps: [{run: "true"}]}
                      b: {needs: a, steps: [{run: "true"}]}
                    """))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("a -> b -> a");
  }

  @Test
  void mistakesAreReportedWithTheirPath() {
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read(
                    """
                    name: typo
                    stages:
                      a:
                        steps:
                          - rn: echo
                    """))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("stages.a.steps[0]: unknown key 'rn'");
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read(
                    """
                    name: both
                    stages:
                      a:
                        steps:
                          - {run: echo, command: [echo]}
                    """))
        .hasMessageContaining("exactly one of 'run'");
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read(
                    """
                    name: dur
                    stages:
                      a:
                        steps:
                          - {run: echo, timeout: soon}
                    """))
        .hasMessageContaining("stages.a.steps[0].timeout: 'soon' is not a duration");
    assertThatThrownBy(() -> YamlPipelineReader.read("name: [x]"))
        .hasMessageContaining("name must be a string but was a list");
    assertThatThrownBy(() -> YamlPipelineReader.read("name: x\nname: y\n"))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("malformed YAML");
    assertThatThrownBy(() -> YamlPipelineReader.read("name: x\nstages: {a: {steps: []}}"))
        .hasMessageContaining("stage 'a' has no steps");
    // The model's own validation is not wrapped a second time: its problems stay one each.
    InvalidPipelineException twoProblems =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () ->
                YamlPipelineReader.read(
                    "name: x\nstages: {a: {steps: []}, b: {needs: ghost, steps: [{run: echo}]}}"));
    assertThat(twoProblems.pipeline()).isEqualTo("x");
    assertThat(twoProblems.problems())
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("stage 'a' has no steps"))
        .anySatisfy(p -> assertThat(p).contains("unknown stage 'ghost'"));
    assertThat(twoProblems.getMessage())
        .startsWith("invalid pipeline 'x': ")
        .doesNotContain("invalid pipeline 'x': invalid pipeline");
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read(
                    "name: r\nstages: {a: {steps: [{run: echo, retry: {attempts: 0}}]}}"))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("stages.a.steps[0].retry: maxAttempts was 0; allowed 1..100");
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read("name: x\nstages: {a: {if: sometimes, steps: [{run: x}]}}"))
        .hasMessageContaining("unknown condition 'sometimes'");
  }

  @Test
  void durationsInEveryAllowedSpelling() {
    assertThat(YamlPipelineReader.duration("500ms", "t")).isEqualTo(Duration.ofMillis(500));
    assertThat(YamlPipelineReader.duration("1h30m", "t")).isEqualTo(Duration.ofMinutes(90));
    assertThat(YamlPipelineReader.duration("2m10s", "t")).isEqualTo(Duration.ofSeconds(130));
    assertThat(YamlPipelineReader.duration("PT5S", "t")).isEqualTo(Duration.ofSeconds(5));
    assertThat(YamlPipelineReader.duration(7, "t")).isEqualTo(Duration.ofSeconds(7));
  }
}
