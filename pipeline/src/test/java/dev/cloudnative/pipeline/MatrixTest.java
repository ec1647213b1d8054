package dev.cloudnative.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.pipeline.yaml.YamlPipelineReader;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Matrix expansion with GitHub Actions' rules, and its checks when the pipeline is built. */
class MatrixTest {

  static Pipeline javaMatrix() {
    return Pipeline.builder("matrix")
        .stage(
            "test",
            s ->
                s.matrix(
                        m ->
                            m.axis("jdk", "17", "21")
                                .axis("os", "linux", "mac")
                                .exclude(Map.of("jdk", "17", "os", "mac"))
                                .include(Map.of("jdk", "21", "experimental", "true"))
                                .include(Map.of("jdk", "8", "os", "linux"))
                                .maxParallel(2))
                    .env("LABEL", "on-${{ matrix.os }}")
                    .step(
                        Step.container(
                            "build",
                            "eclipse-temurin:${{ matrix.jdk }}",
                            List.of(
                                "mvn", "-Dos=${{ matrix.os }}", "-Dx=${{ matrix.experimental }}")))
                    .shell("print", "echo \"$MATRIX_JDK\" \"$1\"", "${{ matrix.os }}"))
        .stage("report", s -> s.needs("test").command("done", "true"))
        .build();
  }

  @Test
  void expandsAxesExcludesAndIncludesLikeGitHubActions() {
    Pipeline p = javaMatrix();
    assertThat(p.stages())
        .extracting(Stage::name)
        .containsExactly(
            "test (jdk=17, os=linux)",
            "test (jdk=21, os=linux, experimental=true)",
            "test (jdk=21, os=mac, experimental=true)",
            "test (jdk=8, os=linux)",
            "report");
    Stage first = p.stages().get(0);
    assertThat(first.declaredName()).isEqualTo("test");
    assertThat(first.matrix()).isEmpty();
    assertThat(first.combination().orElseThrow().values())
        .containsExactly(Map.entry("jdk", "17"), Map.entry("os", "linux"));
    assertThat(first.combination().orElseThrow().matrix().maxParallel()).hasValue(2);
    assertThat(first.env())
        .containsEntry("MATRIX_JDK", "17")
        .containsEntry("MATRIX_OS", "linux")
        .containsEntry("LABEL", "on-linux");
    ContainerStep build = (ContainerStep) first.steps().get(0);
    assertThat(build.image()).isEqualTo("eclipse-temurin:17");
    // a key only some combinations have is empty in the others
    assertThat(build.command()).containsExactly("mvn", "-Dos=linux", "-Dx=");
    ContainerStep experimental = (ContainerStep) p.stages().get(2).steps().get(0);
    assertThat(experimental.command()).containsExactly("mvn", "-Dos=mac", "-Dx=true");
    assertThat(p.stages().get(2).env()).containsEntry("MATRIX_EXPERIMENTAL", "true");
    ShellStep print = (ShellStep) p.stages().get(3).steps().get(1);
    assertThat(print.script()).isEqualTo("echo \"$MATRIX_JDK\" \"$1\"");
    assertThat(print.args()).containsExactly("linux");
    // a stage needing the matrix stage needs every combination
    assertThat(p.stage("report").orElseThrow().needs())
        .containsExactly(
            "test (jdk=17, os=linux)",
            "test (jdk=21, os=linux, experimental=true)",
            "test (jdk=21, os=mac, experimental=true)",
            "test (jdk=8, os=linux)");
    // building from the expanded stages again changes nothing
    assertThat(
            new Pipeline(
                p.name(),
                p.env(),
                p.stages(),
                p.finallyStages(),
                p.failureMode(),
                p.maxParallelism(),
                p.timeout(),
                p.finallyTimeout(),
                p.secrets()))
        .isEqualTo(p);
  }

  @Test
  void theYamlFormIsGitHubsStrategy() {
    Pipeline yaml =
        YamlPipelineReader.read(
            """
            name: matrix
            stages:
              test:
                strategy:
                  matrix:
                    jdk: [17, 21]
                    os: [linux, mac]
                    exclude: [{jdk: 17, os: mac}]
                    include:
                      - {jdk: 21, experimental: true}
                      - {jdk: 8, os: linux}
                  max-parallel: 2
                env: {LABEL: 'on-${{ matrix.os }}'}
                steps:
                  - name: build
                    image: 'eclipse-temurin:${{ matrix.jdk }}'
                    command: [mvn, '-Dos=${{ matrix.os }}', '-Dx=${{ matrix.experimental }}']
                  - name: print
                    run: echo "$MATRIX_JDK" "$1"
                    args: ['${{ matrix.os }}']
              report:
                needs: test
                steps:
                  - {name: done, command: ['true']}
            """);
    assertThat(yaml).isEqualTo(javaMatrix());
    assertThat(
            YamlPipelineReader.read(
                    "name: ff\n"
                        + "stages:\n"
                        + "  t:\n"
                        + "    strategy: {matrix: {n: [1, 2]}, fail-fast: false}\n"
                        + "    steps: [{run: 'true'}]\n")
                .stages()
                .get(0)
                .combination()
                .orElseThrow()
                .matrix()
                .failFast())
        .isFalse();
  }

  private static void assertInvalid(Consumer<Matrix.Builder> matrix, String... expected) {
    assertThatThrownBy(
            () ->
                Pipeline.builder("bad")
                    .stage("t", s -> s.matrix(matrix).command("c", "true"))
                    .build())
        .isInstanceOf(InvalidPipelineException.class)
        .satisfies(
            e -> {
              for (String x : expected) {
                assertThat(((InvalidPipelineException) e).problems())
                    .anySatisfy(
                        problem -> assertThat(problem).startsWith("stage 't': ").contains(x));
              }
            });
  }

  @Test
  void badMatricesAreRefusedWhenThePipelineIsBuilt() {
    assertInvalid(m -> m.axis("os"), "matrix axis 'os' is empty");
    assertInvalid(
        m -> m.axis("os", "linux").exclude(Map.of("arch", "arm")),
        "exclude[0] names 'arch', which is not an axis, axes: [os]");
    assertInvalid(
        m -> m.axis("os", "linux").exclude(Map.of("os", "windows")),
        "exclude[0]: os=windows is not a value of axis 'os' [linux]");
    assertInvalid(
        m -> m.axis("os", "linux").exclude(Map.of("os", "linux")),
        "no combination left after its excludes");
    assertInvalid(m -> {}, "matrix has no axis and no include");
    assertInvalid(m -> m.axis("os", "a").include(Map.of()), "include[0] is empty");
    assertInvalid(m -> m.axis("bad name", "a"), "axis name 'bad name' is invalid");
    assertInvalid(
        m -> {
          for (int i = 0; i < 3; i++) {
            m.axis("a" + i, List.of("1", "2", "3", "4", "5", "6", "7"));
          }
        },
        "more than 256 combinations");
    assertThatThrownBy(() -> Matrix.builder().maxParallel(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void matrixValuesNeverBecomeShellSyntaxAndUnknownKeysAreNamed() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("bad")
                    .stage(
                        "t",
                        s ->
                            s.matrix(m -> m.axis("jdk", "17"))
                                .shell("sh", "echo ${{ matrix.jdk }}")
                                .command("c", "echo", "${{ matrix.nope }}"))
                    .build())
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining(
            "step 'sh': '${{ matrix.jdk }}' in a shell script is not replaced (a value would become"
                + " shell syntax); read \"$MATRIX_JDK\" instead")
        .hasMessageContaining("step 'c' argument 1: '${{ matrix.nope }}' names no matrix key");
  }

  @Test
  void combinationsAreListedInOrder() {
    Matrix m = Matrix.builder().axis("a", "1", "2").axis("b", "x", "y").build();
    assertThat(m.combinations())
        .containsExactly(
            Map.of("a", "1", "b", "x"),
            Map.of("a", "1", "b", "y"),
            Map.of("a", "2", "b", "x"),
            Map.of("a", "2", "b", "y"));
    assertThat(Matrix.builder().include(Map.of("only", "one")).build().combinations())
        .containsExactly(Map.of("only", "one"));
    assertThatThrownBy(() -> Matrix.builder().axis("a").build().combinations())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matrix axis 'a' is empty");
  }
}
