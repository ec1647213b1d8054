package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.EnvNames;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.StepContext;
import dev.cloudnative.pipeline.StepLogger;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** The {@link StepContext} of one attempt of a Java step. Thread-safe. */
final class JavaStepContext implements StepContext, StepLogger {
  private final String runId;
  private final String stage;
  private final String step;
  private final int attempt;
  private final Map<String, String> env;
  private final Path workingDirectory;
  private final BiConsumer<OutputChannel, String> sink;
  private final BiFunction<String, String, Optional<String>> inputs;
  final Map<String, String> outputs = new ConcurrentHashMap<>();
  volatile boolean stopRequested;

  JavaStepContext(
      String runId,
      String stage,
      String step,
      int attempt,
      Map<String, String> env,
      Path workingDirectory,
      BiConsumer<OutputChannel, String> sink,
      BiFunction<String, String, Optional<String>> inputs) {
    this.runId = runId;
    this.stage = stage;
    this.step = step;
    this.attempt = attempt;
    this.env = Map.copyOf(env);
    this.workingDirectory = workingDirectory;
    this.sink = sink;
    this.inputs = inputs;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String stageName() {
    return stage;
  }

  @Override
  public String stepName() {
    return step;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Map<String, String> env() {
    return env;
  }

  @Override
  public Path workingDirectory() {
    return workingDirectory;
  }

  @Override
  public StepLogger logger() {
    return this;
  }

  @Override
  public void info(String line) {
    emitLines(OutputChannel.STDOUT, line);
  }

  @Override
  public void error(String line) {
    emitLines(OutputChannel.STDERR, line);
  }

  private void emitLines(OutputChannel channel, String text) {
    // one event per line, exactly as for a process, so tails and listeners see the same shape
    for (String l : String.valueOf(text).split("\r?\n", -1)) {
      sink.accept(channel, l);
    }
  }

  @Override
  public void output(String key, String value) {
    Objects.requireNonNull(value, "value of output " + key);
    EnvNames.requireValid(Objects.requireNonNull(key, "key").replace('-', '_').replace('.', '_'));
    outputs.put(key, value);
  }

  @Override
  public Optional<String> input(String stageName, String key) {
    if (stageName.equals(stage) && outputs.containsKey(key)) {
      return Optional.of(outputs.get(key));
    }
    return inputs.apply(stageName, key);
  }

  @Override
  public boolean isStopRequested() {
    return stopRequested;
  }
}
