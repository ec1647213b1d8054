package dev.cloudnative.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A NUL character cannot reach a process (arguments and environment are C strings), so it is
 * refused when the pipeline is built, naming the step and the field, instead of failing the run.
 */
class NulCharacterTest {

  private static InvalidPipelineException invalid(Consumer<Pipeline.Builder> definition) {
    Pipeline.Builder b = Pipeline.builder("nul");
    definition.accept(b);
    try {
      b.build();
    } catch (InvalidPipelineException e) {
      return e;
    }
    throw new AssertionError("a pipeline with a NUL character was accepted");
  }

  @Test
  void inAStepEnvValue() {
    InvalidPipelineException e =
        invalid(b -> b.stage("st", s -> s.step(Step.command("c", "true").env("A", "x\0y"))));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .contains("step 'c' of stage 'st'")
                    .contains("value of 'A'")
                    .contains("NUL"));
  }

  @Test
  void inAStageOrPipelineEnvValue() {
    InvalidPipelineException e =
        invalid(b -> b.env("P", "a\0").stage("st", s -> s.env("S", "\0b").command("c", "true")));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).contains("pipeline's env").contains("'P'").contains("NUL");
    assertThat(e.problems().get(1)).contains("stage 'st'").contains("'S'").contains("NUL");
    assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nul'");
  }

  @Test
  void inACommandArgument() {
    InvalidPipelineException e =
        invalid(b -> b.stage("st", s -> s.command("c", "echo", "ok", "bad\0arg")));
    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p).contains("step 'c' of stage 'st'").contains("command[2]"));
  }

  @Test
  void inAShellScriptOrItsArguments() {
    InvalidPipelineException e =
        invalid(b -> b.stage("st", s -> s.shell("sh", "echo \"$1\"\0", "x\0")));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).contains("step 'sh' of stage 'st'").contains("script");
    assertThat(e.problems().get(1)).contains("step 'sh' of stage 'st'").contains("args[0]");
  }

  @Test
  void inAContainerCommandOrAWorkingDirectory() {
    InvalidPipelineException e =
        invalid(
            b ->
                b.stage(
                    "st",
                    s ->
                        s.step(Step.container("ct", "alpine", List.of("echo", "\0")))
                            .step(Step.command("c", "ls").workingDirectory("sub\0dir"))));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).contains("step 'ct' of stage 'st'").contains("command[1]");
    assertThat(e.problems().get(1))
        .contains("step 'c' of stage 'st'")
        .contains("working directory");
  }

  @Test
  void inAJavaStepEnvToo() {
    // a Java step's env is not a process env, but the same definition may later run elsewhere
    InvalidPipelineException e =
        invalid(b -> b.stage("st", s -> s.step(Step.java("j", ctx -> {}).env(Map.of("K", "v\0")))));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p).contains("'K'"));
  }

  @Test
  void inARunnerEnvValue() {
    assertThatThrownBy(() -> LocalRunnerConfig.custom().env("R", "a\0b").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'R'")
        .hasMessageContaining("NUL");
  }
}
