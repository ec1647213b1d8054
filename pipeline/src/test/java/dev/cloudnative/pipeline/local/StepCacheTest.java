package dev.cloudnative.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.pipeline.ContainerStepExecution;
import dev.cloudnative.pipeline.ContainerStepExecutor;
import dev.cloudnative.pipeline.ContainerStepRequest;
import dev.cloudnative.pipeline.InvalidPipelineException;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.OutputLine;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.PipelineRun;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.StepCache;
import dev.cloudnative.pipeline.report.ReportFormat;
import dev.cloudnative.pipeline.yaml.YamlPipelineReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's step cache: a hit restores the outputs byte for byte and reports the step CACHED
 * without running it, each kind of input (a file's content, a file a glob adds, an env value, the
 * command, a container image's digest, a matrix value) misses when it changes, corrupt entries are
 * discarded, concurrent runs share one entry, a runner without a cache directory runs every step,
 * and bad declarations are refused when the pipeline is built. Each step appends to {@code
 * runs.log} (outside its declared inputs and outputs), so the log counts how often it really ran.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StepCacheTest {
  @TempDir Path workspace;
  @TempDir Path cacheDir;

  /** Concatenates the inputs and 4 KiB of random bytes, so only a restore gives the same file. */
  static final String BUILD =
      "echo run >> runs.log; mkdir -p out && cat src/*.txt > out/app.bin"
          + " && head -c 4096 /dev/urandom >> out/app.bin"
          + " && echo digest=$(sha256sum out/app.bin | cut -c1-16) >> \"$PIPELINE_OUTPUT\"";

  LocalPipelineRunner runner() {
    return runner(LocalRunnerConfig.custom().cacheDirectory(cacheDir));
  }

  LocalPipelineRunner runner(LocalRunnerConfig.Builder config) {
    return LocalPipelineRunner.create(config.workspace(workspace).build());
  }

  static Pipeline pipeline(Step build) {
    return Pipeline.builder("cached")
        .stage("build", s -> s.step(build))
        .stage("use", s -> s.needs("build").shell("print", "echo \"digest $OUTPUT_BUILD_DIGEST\""))
        .build();
  }

  static Step build() {
    return Step.shell("compile", BUILD).cache(StepCache.inputs("src/**").withOutputs("out"));
  }

  int runs() throws IOException {
    Path log = workspace.resolve("runs.log");
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  void source(String file, String content) throws IOException {
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("src").resolve(file), content);
  }

  @Test
  void aSecondRunRestoresTheOutputsByteForByteAndReportsTheStepCached() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline = pipeline(build());
    RunStatus first = runner().run(pipeline);
    assertThat(first.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(first.step("build", "compile").status()).isEqualTo(Status.SUCCEEDED);
    byte[] built = Files.readAllBytes(workspace.resolve("out/app.bin"));
    assertThat(built).hasSizeGreaterThan(4096);
    String printed = first.step("use", "print").tail(OutputChannel.STDOUT).get(0);
    assertThat(printed).matches("digest [0-9a-f]{16}");

    deleteTree(workspace.resolve("out"));
    List<PipelineEvent> events = new CopyOnWriteArrayList<>();
    RunStatus second = runner().run(pipeline, events::add);

    assertThat(second.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(runs()).isEqualTo(1);
    assertThat(second.step("build", "compile").status()).isEqualTo(Status.CACHED);
    assertThat(second.step("build", "compile").message().orElseThrow())
        .startsWith("cached: restored 1 output(s) of key ");
    assertThat(second.step("build", "compile").exitCode()).isEmpty();
    assertThat(second.stage("build").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    assertThat(Files.readAllBytes(workspace.resolve("out/app.bin"))).isEqualTo(built);
    // the $PIPELINE_OUTPUT values come back too, so the next stage sees the same digest
    assertThat(second.step("use", "print").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(second.step("use", "print").tail(OutputChannel.STDOUT)).containsExactly(printed);

    assertThat(events)
        .filteredOn(e -> e instanceof PipelineEvent.StepFinished f && f.step().equals("compile"))
        .singleElement()
        .satisfies(
            e -> {
              PipelineEvent.StepFinished f = (PipelineEvent.StepFinished) e;
              assertThat(f.status()).isEqualTo(Status.CACHED);
              assertThat(f.exitCode()).isEmpty();
              assertThat(f.willRetry()).isFalse();
            });
    assertThat(events)
        .noneMatch(e -> e instanceof PipelineEvent.StepStarted s && s.step().equals("compile"));
    assertThat(ReportFormat.text().render(second)).containsPattern("compile +CACHED");
    assertThat(ReportFormat.json().render(second)).contains("\"status\": \"CACHED\"");
    assertThat(ReportFormat.parseJson(ReportFormat.json().render(second)).step("build", "compile"))
        .extracting(s -> s.status())
        .isEqualTo(Status.CACHED);
  }

  @Test
  void aHitReplacesWhatTheWorkspaceHoldsAtTheOutputPath() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline = pipeline(build());
    runner().run(pipeline);
    byte[] built = Files.readAllBytes(workspace.resolve("out/app.bin"));
    Files.writeString(workspace.resolve("out/app.bin"), "overwritten");
    Files.writeString(workspace.resolve("out/stray.txt"), "not an output of the step");

    RunStatus second = runner().run(pipeline);

    assertThat(second.step("build", "compile").status()).isEqualTo(Status.CACHED);
    assertThat(Files.readAllBytes(workspace.resolve("out/app.bin"))).isEqualTo(built);
    assertThat(workspace.resolve("out/stray.txt")).doesNotExist();
  }

  @Test
  void aChangedInputFileMisses() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline = pipeline(build());
    assertCachedOnSecondRun(pipeline);
    source("a.txt", "alphA\n");
    assertRanAgain(pipeline, 2);
    assertThat(
            new String(
                Files.readAllBytes(workspace.resolve("out/app.bin")),
                java.nio.charset.StandardCharsets.ISO_8859_1))
        .startsWith("alphA\n");
  }

  @Test
  void aFileTheGlobNewlyMatchesMisses() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline = pipeline(build());
    assertCachedOnSecondRun(pipeline);
    source("b.txt", "beta\n");
    assertRanAgain(pipeline, 2);
  }

  @Test
  void aRenamedInputFileMisses() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline = pipeline(build());
    assertCachedOnSecondRun(pipeline);
    Files.move(workspace.resolve("src/a.txt"), workspace.resolve("src/c.txt"));
    assertRanAgain(pipeline, 2);
  }

  @Test
  void aFileOutsideTheInputsDoesNotCount() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline = pipeline(build());
    assertCachedOnSecondRun(pipeline);
    Files.writeString(workspace.resolve("README.txt"), "not an input");
    RunStatus third = runner().run(pipeline);
    assertThat(third.step("build", "compile").status()).isEqualTo(Status.CACHED);
  }

  @Test
  void aChangedValueOfADeclaredEnvVariableMisses() throws Exception {
    source("a.txt", "alpha\n");
    Step step =
        Step.shell("compile", BUILD)
            .env("MODE", "debug")
            .cache(StepCache.inputs("src/**").withEnv("MODE").withOutputs("out"));
    assertCachedOnSecondRun(pipeline(step));
    assertRanAgain(pipeline(step.env("MODE", "release")), 2);
    // an undeclared variable is not part of the key
    RunStatus undeclared = runner().run(pipeline(step.env("MODE", "release").env("OTHER", "x")));
    assertThat(undeclared.step("build", "compile").status()).isEqualTo(Status.CACHED);
  }

  @Test
  void aDeclaredVariableSetFromTheRunnerMissesWhenItsValueChanges() throws Exception {
    source("a.txt", "alpha\n");
    Step step =
        Step.shell("compile", BUILD)
            .cache(StepCache.inputs("src/**").withEnv("JDK").withOutputs("out"));
    Pipeline pipeline = pipeline(step);
    assertThat(
            runner(LocalRunnerConfig.custom().cacheDirectory(cacheDir).env("JDK", "17"))
                .run(pipeline)
                .step("build", "compile")
                .status())
        .isEqualTo(Status.SUCCEEDED);
    assertThat(
            runner(LocalRunnerConfig.custom().cacheDirectory(cacheDir).env("JDK", "17"))
                .run(pipeline)
                .step("build", "compile")
                .status())
        .isEqualTo(Status.CACHED);
    assertThat(
            runner(LocalRunnerConfig.custom().cacheDirectory(cacheDir).env("JDK", "21"))
                .run(pipeline)
                .step("build", "compile")
                .status())
        .isEqualTo(Status.SUCCEEDED);
    // unset is not the same as empty, nor as any value
    assertThat(
            runner(LocalRunnerConfig.custom().cacheDirectory(cacheDir).env("JDK", ""))
                .run(pipeline)
                .step("build", "compile")
                .status())
        .isEqualTo(Status.SUCCEEDED);
    assertThat(runner().run(pipeline).step("build", "compile").status())
        .isEqualTo(Status.SUCCEEDED);
    assertThat(runs()).isEqualTo(4);
  }

  @Test
  void aChangedCommandMisses() throws Exception {
    source("a.txt", "alpha\n");
    assertCachedOnSecondRun(pipeline(build()));
    Step changed =
        Step.shell("compile", BUILD + " && echo more >> out/app.bin")
            .cache(StepCache.inputs("src/**").withOutputs("out"));
    assertRanAgain(pipeline(changed), 2);
    Step otherArgs =
        Step.shell("compile", BUILD, "an-argument")
            .cache(StepCache.inputs("src/**").withOutputs("out"));
    assertRanAgain(pipeline(otherArgs), 3);
  }

  @Test
  void aChangedImageDigestMissesAndTheSameDigestHits() throws Exception {
    source("a.txt", "alpha\n");
    DigestExecutor executor = new DigestExecutor();
    executor.digests.put("builder:1", "sha256:aaaa");
    Step step =
        Step.container("compile", "builder:1", List.of("sh", "-c", BUILD))
            .cache(StepCache.inputs("src/**").withOutputs("out"));
    Pipeline pipeline = pipeline(step);
    LocalRunnerConfig.Builder config =
        LocalRunnerConfig.custom().cacheDirectory(cacheDir).containerExecutor(executor);

    assertThat(runner(config).run(pipeline).step("build", "compile").status())
        .isEqualTo(Status.SUCCEEDED);
    byte[] built = Files.readAllBytes(workspace.resolve("out/app.bin"));
    deleteTree(workspace.resolve("out"));
    assertThat(runner(config).run(pipeline).step("build", "compile").status())
        .isEqualTo(Status.CACHED);
    assertThat(Files.readAllBytes(workspace.resolve("out/app.bin"))).isEqualTo(built);
    assertThat(executor.host.requests).hasSize(1);

    executor.digests.put("builder:1", "sha256:bbbb"); // the tag moved to another image
    assertThat(runner(config).run(pipeline).step("build", "compile").status())
        .isEqualTo(Status.SUCCEEDED);
    assertThat(executor.host.requests).hasSize(2);
    assertThat(runs()).isEqualTo(2);
  }

  @Test
  void eachMatrixCombinationHasItsOwnEntry() throws Exception {
    // the script names no matrix value in its text, yet the two combinations must not share a key
    Pipeline own =
        Pipeline.builder("matrix")
            .stage(
                "build",
                s ->
                    s.matrix(m -> m.axis("jdk", "17", "21"))
                        .step(
                            Step.shell(
                                    "compile",
                                    "echo run >> runs-$MATRIX_JDK.log;"
                                        + " mkdir -p out; echo \"jdk=$MATRIX_JDK\" > out/jdk.txt")
                                .cache(StepCache.commandOnly().withOutputs("out"))))
            .build();
    LocalPipelineRunner sequential =
        runner(LocalRunnerConfig.custom().cacheDirectory(cacheDir).maxParallelism(1));
    RunStatus a = sequential.run(own);
    assertThat(a.step("build (jdk=17)", "compile").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(a.step("build (jdk=21)", "compile").status()).isEqualTo(Status.SUCCEEDED);
    RunStatus b = sequential.run(own);
    assertThat(b.step("build (jdk=17)", "compile").status()).isEqualTo(Status.CACHED);
    assertThat(b.step("build (jdk=21)", "compile").status()).isEqualTo(Status.CACHED);
    // the last to be restored is jdk=21's own file, not one of jdk=17
    assertThat(Files.readString(workspace.resolve("out/jdk.txt"))).isEqualTo("jdk=21\n");
    // each ran once: jdk=21 was not served jdk=17's entry on the first run
    assertThat(Files.readAllLines(workspace.resolve("runs-17.log"))).hasSize(1);
    assertThat(Files.readAllLines(workspace.resolve("runs-21.log"))).hasSize(1);
  }

  @Test
  void theStepsOwnOutputsAreNotItsInputs() throws Exception {
    source("a.txt", "alpha\n");
    Step step = Step.shell("compile", BUILD).cache(StepCache.inputs("**").withOutputs("out"));
    Pipeline pipeline = pipeline(step);
    assertThat(runner().run(pipeline).step("build", "compile").status())
        .isEqualTo(Status.SUCCEEDED);
    // runs.log changed, it is an input of "**": so that is a miss
    assertThat(runner().run(pipeline).step("build", "compile").status())
        .isEqualTo(Status.SUCCEEDED);
    Files.delete(workspace.resolve("runs.log"));
    Step counted =
        Step.shell("compile", BUILD.replace("runs.log", "out/runs.log"))
            .cache(StepCache.inputs("**").withOutputs("out"));
    Pipeline quiet = pipeline(counted);
    assertThat(runner().run(quiet).step("build", "compile").status()).isEqualTo(Status.SUCCEEDED);
    // out/ changed, but it is the step's output, not its input: a hit
    assertThat(runner().run(quiet).step("build", "compile").status()).isEqualTo(Status.CACHED);
  }

  @Test
  void withoutACacheDirectoryEveryStepRuns() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline = pipeline(build());
    LocalPipelineRunner plain = runner(LocalRunnerConfig.custom());
    assertThat(plain.config().cacheDirectory()).isEmpty();
    for (int i = 1; i <= 3; i++) {
      RunStatus r = plain.run(pipeline);
      assertThat(r.step("build", "compile").status()).isEqualTo(Status.SUCCEEDED);
      assertThat(r.step("build", "compile").exitCode()).hasValue(0);
    }
    assertThat(runs()).isEqualTo(3);
  }

  @Test
  void aFailedStepIsNotStored() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline =
        pipeline(
            Step.shell("compile", "echo run >> runs.log; mkdir -p out; echo x > out/x; exit 3")
                .cache(StepCache.inputs("src/**").withOutputs("out")));
    assertThat(runner().run(pipeline).step("build", "compile").status()).isEqualTo(Status.FAILED);
    assertThat(runner().run(pipeline).step("build", "compile").status()).isEqualTo(Status.FAILED);
    assertThat(runs()).isEqualTo(2);
    assertThat(entries()).isEmpty();
  }

  @Test
  void aStepThatDidNotProduceItsDeclaredOutputSucceedsButIsNotStored() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline =
        pipeline(
            Step.shell("compile", "echo run >> runs.log")
                .cache(StepCache.inputs("src/**").withOutputs("out/app.bin")));
    RunStatus r = runner().run(pipeline);
    assertThat(r.step("build", "compile").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.step("build", "compile").message())
        .hasValue("not cached: declared output 'out/app.bin' does not exist");
    assertThat(runner().run(pipeline).step("build", "compile").status())
        .isEqualTo(Status.SUCCEEDED);
    assertThat(entries()).isEmpty();
  }

  @Test
  void aCorruptEntryIsDiscardedAndTheStepRunsAndStoresAWholeOne() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline = pipeline(build());
    runner().run(pipeline);
    Path entry = entries().get(0);
    Path cachedFile = entry.resolve("files/out/app.bin");
    byte[] original = Files.readAllBytes(cachedFile);
    byte[] flipped = original.clone();
    flipped[10] ^= 1; // one bit of the cached output, same size
    Files.write(cachedFile, flipped);

    RunStatus second = runner().run(pipeline);

    assertThat(second.step("build", "compile").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(runs()).isEqualTo(2);
    assertThat(Files.readAllBytes(workspace.resolve("out/app.bin"))).isNotEqualTo(flipped);
    assertThat(entries()).hasSize(1);
    byte[] rebuilt = Files.readAllBytes(workspace.resolve("out/app.bin"));
    RunStatus third = runner().run(pipeline);
    assertThat(third.step("build", "compile").status()).isEqualTo(Status.CACHED);
    assertThat(Files.readAllBytes(workspace.resolve("out/app.bin"))).isEqualTo(rebuilt);
  }

  @Test
  void anEntryWithoutManifestOrWithAMissingOrExtraFileIsNotUsed() throws Exception {
    source("a.txt", "alpha\n");
    Pipeline pipeline = pipeline(build());
    runner().run(pipeline);

    Files.delete(entries().get(0).resolve("manifest")); // as a writer that died before the end
    assertRanAgain(pipeline, 2);

    Files.delete(entries().get(0).resolve("files/out/app.bin"));
    assertRanAgain(pipeline, 3);

    Files.writeString(entries().get(0).resolve("files/out/extra"), "planted");
    assertRanAgain(pipeline, 4);
    assertThat(workspace.resolve("out/extra")).doesNotExist();

    Files.writeString(entries().get(0).resolve("outputs"), "digest=forged\n");
    assertRanAgain(pipeline, 5);

    // a temporary directory left by a writer that died is never an entry
    Files.createDirectories(cacheDir.resolve(".tmp-dead/files"));
    assertThat(runner().run(pipeline).step("build", "compile").status()).isEqualTo(Status.CACHED);
    assertThat(runs()).isEqualTo(5);
  }

  @Test
  void concurrentRunsOfTheSameStepKeepOneWholeEntry(@TempDir Path others) throws Exception {
    Path barrier = Files.createDirectories(others.resolve("barrier"));
    List<Path> workspaces = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path ws = Files.createDirectories(others.resolve("ws" + i).resolve("src"));
      Files.writeString(ws.resolve("a.txt"), "alpha\n");
      workspaces.add(ws.getParent());
    }
    // each step waits until all three arrived (after their keys missed), then they store at once
    Step together =
        Step.shell(
                "compile",
                "touch \"$BARRIER/$PIPELINE_RUN_ID\"; i=0;"
                    + " while [ $(ls \"$BARRIER\" | wc -l) -lt 3 ] && [ $i -lt 600 ];"
                    + " do sleep 0.05; i=$((i+1)); done; "
                    + BUILD)
            .cache(StepCache.inputs("src/**").withOutputs("out"));
    Pipeline pipeline = pipeline(together);
    List<PipelineRun> runs = new ArrayList<>();
    for (Path ws : workspaces) {
      runs.add(
          LocalPipelineRunner.create(
                  LocalRunnerConfig.custom()
                      .workspace(ws)
                      .cacheDirectory(cacheDir)
                      .env("BARRIER", barrier.toString())
                      .build())
              .start(pipeline));
    }
    for (PipelineRun run : runs) {
      RunStatus r = run.await();
      assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(r.step("build", "compile").status()).isEqualTo(Status.SUCCEEDED);
      assertThat(r.step("build", "compile").message().orElse("")).doesNotContain("not cached");
    }
    assertThat(entries()).hasSize(1);
    try (Stream<Path> all = Files.list(cacheDir)) {
      assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
    Path stored = entries().get(0).resolve("files/out/app.bin");
    boolean fromOneOfTheRuns = false;
    for (Path ws : workspaces) {
      fromOneOfTheRuns |=
          java.util.Arrays.equals(
              Files.readAllBytes(ws.resolve("out/app.bin")), Files.readAllBytes(stored));
    }
    assertThat(fromOneOfTheRuns).isTrue();
    RunStatus after =
        LocalPipelineRunner.create(
                LocalRunnerConfig.custom()
                    .workspace(workspaces.get(0))
                    .cacheDirectory(cacheDir)
                    .env("BARRIER", barrier.toString())
                    .build())
            .run(pipeline);
    assertThat(after.step("build", "compile").status()).isEqualTo(Status.CACHED);
    assertThat(Files.readAllBytes(workspaces.get(0).resolve("out/app.bin")))
        .isEqualTo(Files.readAllBytes(stored));
  }

  @Test
  void aCachedStepIsMeasuredWithOutcomeCached() throws Exception {
    source("a.txt", "alpha\n");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LocalRunnerConfig.Builder config =
        LocalRunnerConfig.custom().cacheDirectory(cacheDir).meterRegistry(meters);
    runner(config).run(pipeline(build()));
    runner(config).run(pipeline(build()));
    assertThat(
            meters
                .get("pipeline.step.duration")
                .tags("step", "compile", "outcome", "cached")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get("pipeline.step.duration")
                .tags("step", "compile", "outcome", "success")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void badDeclarationsAreRefusedWhenThePipelineIsBuilt() {
    assertThatThrownBy(() -> StepCache.inputs("/etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cache input '/etc/passwd' is absolute; allowed: a path or glob relative to the"
                + " workspace, inside it, such as 'src/**' or 'target/app.jar'");
    assertThatThrownBy(() -> StepCache.inputs("../secrets/**"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cache input '../secrets/**' has a '..' segment; allowed: ");
    assertThatThrownBy(() -> StepCache.inputs("src/./a"))
        .hasMessageStartingWith("cache input 'src/./a' has a '.' segment");
    assertThatThrownBy(() -> StepCache.inputs(""))
        .hasMessageStartingWith("cache input '' is empty");
    assertThatThrownBy(() -> StepCache.inputs("src/a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cache input 'src/a\\0b' contains a NUL character");
    assertThatThrownBy(() -> StepCache.inputs("src/[a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cache input 'src/[a' is not a valid glob: ");
    assertThatThrownBy(() -> StepCache.inputs("src/**").withOutputs("."))
        .hasMessageStartingWith("cache output '.' has a '.' segment; allowed: a path relative");
    assertThatThrownBy(() -> StepCache.inputs("src/**").withOutputs("/tmp/out"))
        .hasMessageStartingWith("cache output '/tmp/out' is absolute");
    assertThatThrownBy(() -> StepCache.inputs("src/**").withOutputs("target/../../x"))
        .hasMessageStartingWith("cache output 'target/../../x' has a '..' segment");
    assertThatThrownBy(() -> StepCache.inputs("src/**").withOutputs("target/*.jar"))
        .hasMessage(
            "cache output 'target/*.jar' must be a file or directory path, not a glob ('*?[{')");
    assertThatThrownBy(() -> StepCache.inputs("src/**").withEnv("NOT-A-NAME"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cache env: environment variable name 'NOT-A-NAME' is invalid, allowed:"
                + " [A-Za-z_][A-Za-z0-9_]*");
    assertThatThrownBy(() -> new StepCache(null, List.of(), List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("inputs");
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .stage(
                        "s",
                        s -> s.step(Step.java("j", ctx -> {}).cache(StepCache.inputs("src/**"))))
                    .build())
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining(
            "is a Java step and declares a cache: its code cannot be part of a cache key");
  }

  @Test
  void theYamlFormDeclaresTheSameCacheAndNamesTheFieldOfABadValue() {
    Pipeline fromYaml =
        YamlPipelineReader.read(
            "name: cached\n"
                + "stages:\n"
                + "  build:\n"
                + "    steps:\n"
                + "      - name: compile\n"
                + "        run: make\n"
                + "        cache: {inputs: [src/**, Makefile], env: JDK, outputs: [out]}\n");
    assertThat(fromYaml.stages().get(0).steps().get(0).options().cache())
        .hasValue(new StepCache(List.of("src/**", "Makefile"), List.of("JDK"), List.of("out")));
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read(
                    "name: cached\n"
                        + "stages:\n"
                        + "  build:\n"
                        + "    steps:\n"
                        + "      - {name: compile, run: make, cache: {outputs: [/abs]}}\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stages.build.steps[0].cache: cache output '/abs' is absolute");
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read(
                    "name: cached\n"
                        + "stages:\n"
                        + "  build:\n"
                        + "    steps:\n"
                        + "      - {name: compile, run: make, cache: {input: [src]}}\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stages.build.steps[0].cache: unknown key 'input'");
  }

  // ---- helpers ----

  void assertCachedOnSecondRun(Pipeline pipeline) throws IOException {
    int before = runs();
    assertThat(runner().run(pipeline).step("build", "compile").status())
        .isEqualTo(Status.SUCCEEDED);
    assertThat(runner().run(pipeline).step("build", "compile").status()).isEqualTo(Status.CACHED);
    assertThat(runs()).isEqualTo(before + 1);
  }

  void assertRanAgain(Pipeline pipeline, int expectedRuns) throws IOException {
    RunStatus r = runner().run(pipeline);
    assertThat(r.step("build", "compile").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.step("build", "compile").exitCode()).hasValue(0);
    assertThat(runs()).isEqualTo(expectedRuns);
  }

  List<Path> entries() throws IOException {
    try (Stream<Path> all = Files.list(cacheDir)) {
      return all.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Runs container steps as host processes and tells a digest per image, which a test moves. */
  static final class DigestExecutor implements ContainerStepExecutor {
    final HostProcessExecutor host = new HostProcessExecutor();
    final Map<String, String> digests = new ConcurrentHashMap<>();

    @Override
    public ContainerStepExecution start(ContainerStepRequest request, Consumer<OutputLine> output) {
      return host.start(request, output);
    }

    @Override
    public Optional<String> imageDigest(String image) {
      return Optional.ofNullable(digests.get(image));
    }
  }
}
