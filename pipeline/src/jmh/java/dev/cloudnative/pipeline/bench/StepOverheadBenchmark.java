package dev.cloudnative.pipeline.bench;

import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the pipeline engine costs on top of starting a process yourself: one step running {@code
 * true} (spawn, scheduling, events, snapshot) and one step printing 100,000 lines (drain throughput
 * with a listener receiving every line). The anchor is a bare {@link ProcessBuilder} reading stdout
 * on the calling thread, which is the least any engine has to do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StepOverheadBenchmark {

  /** The engines compared. */
  public enum Engine {
    PIPELINE,
    PROCESS_BUILDER
  }

  /** One way to run an argument list and count its stdout lines. */
  interface CommandEngine {
    long run(List<String> command) throws Exception;
  }

  @Param({"PIPELINE", "PROCESS_BUILDER"})
  public Engine engine;

  private CommandEngine impl;

  @Setup
  public void setUp() {
    impl =
        switch (engine) {
          case PIPELINE -> pipelineEngine();
          case PROCESS_BUILDER -> StepOverheadBenchmark::processBuilder;
        };
  }

  private static CommandEngine pipelineEngine() {
    LocalPipelineRunner runner = LocalPipelineRunner.create();
    return command -> {
      Pipeline p =
          Pipeline.builder("bench").stage("s", s -> s.step(Step.command("c", command))).build();
      AtomicLong lines = new AtomicLong();
      RunStatus r =
          runner.run(
              p,
              e -> {
                if (e instanceof PipelineEvent.StepOutput o
                    && o.channel() == OutputChannel.STDOUT) {
                  lines.incrementAndGet();
                }
              });
      if (r.status() != Status.SUCCEEDED) {
        throw new IllegalStateException("benchmark step failed: " + r.message());
      }
      return lines.get();
    };
  }

  private static long processBuilder(List<String> command)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    long lines = 0;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream()), 1 << 16)) {
      while (r.readLine() != null) {
        lines++;
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("benchmark command failed");
    }
    return lines;
  }

  @Benchmark
  public long spawnTrue() throws Exception {
    return impl.run(List.of("true"));
  }

  @Benchmark
  public long drain100kLines() throws Exception {
    return impl.run(List.of("seq", "1", "100000"));
  }
}
