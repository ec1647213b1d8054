package dev.cloudnative.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineModelTest {

  @Test
  void cycleIsRejectedAndNamed() {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () ->
                Pipeline.builder("cyclic")
                    .stage("a", s -> s.needs("c").command("x", "true"))
                    .stage("b", s -> s.needs("a").command("x", "true"))
                    .stage("c", s -> s.needs("b").command("x", "true"))
                    .stage("d", s -> s.command("x", "true"))
                    .build());
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0))
        .startsWith("stages form a cycle: ")
        .containsAnyOf("a -> c -> b -> a", "b -> a -> c -> b", "c -> b -> a -> c");
    assertThat(e.pipeline()).isEqualTo("cyclic");
  }

  @Test
  void selfDependencyIsRejected() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("self").stage("a", s -> s.needs("a").command("x", "true")).build())
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("stage 'a' needs itself")
        .hasMessageContaining("a -> a");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () ->
                Pipeline.builder("bad")
                    .stage("a", s -> s.needs("nope").command("x", "true"))
                    .stage("a", s -> s.command("y", "true"))
                    .stage("empty", s -> {})
                    .stage(
                        "steps",
                        s ->
                            s.step(Step.command("dup", List.of("true")))
                                .step(Step.command("dup", List.of()))
                                .step(Step.shell("blank", "  "))
                                .step(Step.command(" ", "true")))
                    .stage("bad name!", s -> s.command("x", "true"))
                    .build());
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).contains("unknown stage 'nope'"))
        .anySatisfy(p -> assertThat(p).contains("duplicate stage name 'a'"))
        .anySatisfy(p -> assertThat(p).contains("stage 'empty' has no steps"))
        .anySatisfy(p -> assertThat(p).contains("duplicate step name 'dup'"))
        .anySatisfy(p -> assertThat(p).contains("step 'dup' of stage 'steps' has an empty command"))
        .anySatisfy(
            p -> assertThat(p).contains("step 'blank' of stage 'steps' has an empty script"))
        .anySatisfy(p -> assertThat(p).contains("blank name"))
        .anySatisfy(p -> assertThat(p).contains("stage name 'bad name!' is invalid"));
  }

  @Test
  void anInvalidPipelineIsAnIllegalArgumentExceptionThatCatchingPipelineExceptionDoesNotSwallow() {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> {
              try {
                Pipeline.builder("bad")
                    .stage("a", s -> s.needs("ghost").command("x", "true"))
                    .build();
              } catch (PipelineException operational) {
                throw new AssertionError(
                    "an invalid pipeline was caught as a run failure", operational);
              }
            });
    assertThat(thrown)
        .isInstanceOf(InvalidPipelineException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(PipelineException.class)
        .hasMessageContaining("unknown stage 'ghost'");
    assertThat(((InvalidPipelineException) thrown).pipeline()).isEqualTo("bad");
  }

  @Test
  void regularStagesCannotNeedFinallyStages() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("f")
                    .stage("a", s -> s.needs("cleanup").command("x", "true"))
                    .finallyStage("cleanup", s -> s.command("x", "true"))
                    .build())
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("needs finally stage 'cleanup'");
  }

  @Test
  void boundaryValuesAreValidatedWithTheValueFound() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .maxParallelism(0)
                    .stage("a", s -> s.command("x", "true"))
                    .build())
        .hasMessageContaining("maxParallelism must be at least 1 but was 0");
    assertThatThrownBy(() -> RetryPolicy.attempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts was 0; allowed 1..100");
    assertThatThrownBy(() -> RetryPolicy.custom().maxAttempts(101).build())
        .hasMessage("maxAttempts was 101; allowed 1..100");
    assertThatThrownBy(() -> Step.command("x", "true").timeout(Duration.ZERO))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> Step.command("x", "true").env("1BAD", "v"))
        .hasMessageContaining("'1BAD' is invalid");
    assertThatThrownBy(
            () ->
                RetryPolicy.custom()
                    .backoff(Duration.ofSeconds(1), Duration.ofSeconds(10))
                    .multiplier(0.5)
                    .build())
        .hasMessage("multiplier was 0.5; allowed a finite number >= 1.0");
    assertThatThrownBy(
            () ->
                RetryPolicy.custom().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
        .hasMessage("maxBackoff was PT1S; allowed >= baseBackoff (PT2S)");
    assertThatThrownBy(
            () ->
                RetryPolicy.custom().backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)).build())
        .hasMessage("baseBackoff was PT-1S; allowed >= 0");
    assertThatThrownBy(() -> RetryPolicy.custom().backoff(null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("base");
  }

  @Test
  void backoffGrowsExponentiallyUpToTheCap() {
    RetryPolicy p =
        RetryPolicy.custom()
            .maxAttempts(6)
            .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
            .multiplier(2.0)
            .build();
    assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(
            RetryPolicy.custom()
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .multiplier(1.0)
                .build()
                .backoffAfter(3))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.none().backoffAfter(1)).isZero();
    // The shortcut is exactly the builder with a number of attempts, no wait between them.
    assertThat(RetryPolicy.attempts(3)).isEqualTo(RetryPolicy.custom().maxAttempts(3).build());
    assertThat(RetryPolicy.attempts(3).backoffAfter(2)).isZero();
    assertThat(RetryPolicy.custom().build().maxAttempts()).isEqualTo(2);
  }

  @Test
  void shellStepIsAnExplicitShWithPositionalArguments() {
    ShellStep s = Step.shell("s", "echo \"$1\"", "; rm -rf /");
    assertThat(s.command()).containsExactly("sh", "-c", "echo \"$1\"", "sh", "; rm -rf /");
  }

  @Test
  void modelIsImmutableAndComparable() {
    Pipeline a =
        Pipeline.builder("p").env("K", "V").stage("s", s -> s.command("c", "echo", "1")).build();
    Pipeline b =
        Pipeline.builder("p").env("K", "V").stage("s", s -> s.command("c", "echo", "1")).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThatThrownBy(() -> a.stages().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(EnvNames.forOutput("build-jar", "image.tag"))
        .isEqualTo("OUTPUT_BUILD_JAR_IMAGE_TAG");
    assertThat(Condition.parse("always()")).isEqualTo(Condition.ALWAYS);
    assertThatThrownBy(() -> Condition.parse("sometimes")).hasMessageContaining("'sometimes'");
  }
}
