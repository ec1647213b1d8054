package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.Condition;
import dev.cloudnative.pipeline.EnvNames;
import dev.cloudnative.pipeline.FailureMode;
import dev.cloudnative.pipeline.MatrixCombination;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.PipelineException;
import dev.cloudnative.pipeline.PipelineRun;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Stage;
import dev.cloudnative.pipeline.StageStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import io.micrometer.observation.Observation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run of a pipeline on the local machine.
 *
 * <p>Scheduling algorithm: a single coordinator thread owns every scheduling decision, so no two
 * threads ever race on "is this stage ready". It repeatedly (1) walks the pending stages in
 * declaration order and, for each whose needs are all terminal, either skips it (condition false,
 * run stopping) or launches it on the stage pool while fewer than {@code maxParallelism} run, then
 * (2) blocks on a queue for the next event: a stage finished, a cancel request, or the run deadline
 * passing. A failure in fail-fast mode, a cancel, or the deadline completes the stop signal of
 * every running stage, whose steps then kill their process trees. Regular stages form phase one;
 * finally stages form phase two with their own deadline and see the outcome of phase one.
 * Thread-safe: status snapshots and cancel may come from any thread.
 */
final class LocalPipelineRun implements PipelineRun {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(LocalPipelineRun.class);
  private static final Object CANCEL = new Object();
  private static final Pattern UNSAFE_FILE_CHARS = Pattern.compile("[^A-Za-z0-9_.-]");

  private final String runId;
  private final Pipeline pipeline;
  private final LocalRunnerConfig config;
  private final PipelineMetrics metrics;
  private final PipelineObservations observations;
  private final Emitter emitter;
  private final String threadPrefix;
  private final int maxParallelism;
  private final Optional<RunStatus> previous;
  private final Optional<StepCacheStore> cacheStore;
  private final SecretMasker masker;
  private final List<StageState> regular = new ArrayList<>();
  private final List<StageState> finals = new ArrayList<>();
  private final Map<String, StageState> byName = new LinkedHashMap<>();
  private final Map<String, Set<String>> visible = new HashMap<>();
  // matrix stage -> the combination whose failure stopped its siblings; coordinator thread only
  private final Map<String, String> failedMatrices = new HashMap<>();
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final CompletableFuture<RunStatus> done = new CompletableFuture<>();
  private final ThreadPoolExecutor pool;
  private final Thread coordinator;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private volatile boolean cancelRequested;
  private volatile Status status = Status.PENDING;
  private volatile String message;
  private volatile long endNanos;
  private Path outputDir;
  // stage -> the directory its steps find the artifacts of the stages it needs in; stage threads
  private final Map<String, Path> handedIn = new java.util.concurrent.ConcurrentHashMap<>();
  // written by the coordinator before it launches any stage (the pool hand-off publishes it)
  private Observation runObservation = Observation.NOOP;

  LocalPipelineRun(
      String runId,
      Pipeline pipeline,
      LocalRunnerConfig config,
      PipelineMetrics metrics,
      PipelineObservations observations,
      Emitter emitter,
      Optional<RunStatus> previous) {
    this.runId = runId;
    this.previous = previous;
    this.cacheStore = config.cacheDirectory().map(d -> new StepCacheStore(d, config.workspace()));
    this.pipeline = pipeline;
    this.config = config;
    this.metrics = metrics;
    this.observations = observations;
    this.emitter = emitter;
    this.threadPrefix = "pipeline-" + runId;
    // no limit means every ready stage: at most all of them are ever ready at once
    int stageCount = pipeline.stages().size() + pipeline.finallyStages().size();
    OptionalInt limit =
        pipeline.maxParallelism().isPresent() ? pipeline.maxParallelism() : config.maxParallelism();
    this.maxParallelism = Math.max(1, Math.min(limit.orElse(stageCount), stageCount));
    this.masker = SecretMasker.of(secretValues(pipeline, config));
    for (Stage s : pipeline.stages()) {
      StageState st = new StageState(s, false, config.tailLines(), masker);
      regular.add(st);
      byName.put(s.name(), st);
    }
    for (Stage s : pipeline.finallyStages()) {
      StageState st = new StageState(s, true, config.tailLines(), masker);
      finals.add(st);
      byName.put(s.name(), st);
    }
    for (StageState st : byName.values()) {
      Set<String> v = new LinkedHashSet<>(ancestors(st.stage));
      if (st.finallyStage) {
        regular.forEach(r -> v.add(r.name()));
      }
      v.add(st.name());
      visible.put(st.name(), Set.copyOf(v));
    }
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            maxParallelism,
            maxParallelism,
            1,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, threadPrefix + "-stage-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.pool.allowCoreThreadTimeOut(true);
    this.coordinator = new Thread(this::coordinate, threadPrefix + "-coordinator");
    this.coordinator.setDaemon(true);
  }

  void start() {
    coordinator.start();
  }

  /**
   * Every value a variable marked secret (by the pipeline or the runner) can have in this run: from
   * the runner's, the pipeline's, a stage's or a step's env, or this JVM's environment when steps
   * inherit it.
   */
  private static List<String> secretValues(Pipeline pipeline, LocalRunnerConfig config) {
    Set<String> names = new LinkedHashSet<>(pipeline.secrets());
    names.addAll(config.secrets());
    List<String> values = new ArrayList<>();
    if (names.isEmpty()) {
      return values;
    }
    List<Map<String, String>> sources = new ArrayList<>();
    sources.add(config.env());
    sources.add(pipeline.env());
    for (Stage s :
        Stream.concat(pipeline.stages().stream(), pipeline.finallyStages().stream()).toList()) {
      sources.add(s.env());
      s.steps().forEach(step -> sources.add(step.options().env()));
    }
    for (String name : names) {
      for (Map<String, String> source : sources) {
        Optional.ofNullable(source.get(name)).ifPresent(values::add);
      }
      if (config.inheritEnvironment()) {
        Optional.ofNullable(System.getenv(name)).ifPresent(values::add);
      }
    }
    return values;
  }

  /** Masks every secret of this run in {@code text}. */
  String mask(String text) {
    return masker.mask(text);
  }

  SecretMasker masker() {
    return masker;
  }

  /** The runner's step cache, if it has a cache directory. */
  Optional<StepCacheStore> cacheStore() {
    return cacheStore;
  }

  // ---- accessors for StageExecutor ----

  LocalRunnerConfig config() {
    return config;
  }

  Emitter emitter() {
    return emitter;
  }

  PipelineMetrics metrics() {
    return metrics;
  }

  PipelineObservations observations() {
    return observations;
  }

  /** The run's observation, parent of its stages'; null when nothing is observed. */
  Observation runObservation() {
    return runObservation;
  }

  String threadPrefix() {
    return threadPrefix;
  }

  void stageDone(StageState st) {
    inbox.add(st);
  }

  /** Runner env, pipeline env, stage env, step env, outputs of visible stages, run identifiers. */
  Map<String, String> environmentFor(StageState st, Step step) {
    Map<String, String> env = new LinkedHashMap<>(config.env());
    env.putAll(pipeline.env());
    env.putAll(st.stage.env());
    env.putAll(step.options().env());
    for (String name : visible.get(st.name())) {
      byName.get(name).outputs.forEach((k, v) -> env.put(EnvNames.forOutput(name, k), v));
    }
    env.put("PIPELINE_NAME", pipeline.name());
    env.put("PIPELINE_RUN_ID", runId);
    env.put("PIPELINE_STAGE", st.name());
    env.put("PIPELINE_STEP", step.name());
    Path artifacts = handedIn.get(st.name());
    if (artifacts != null) {
      env.put(ARTIFACTS_VARIABLE, artifacts.toString());
    }
    return env;
  }

  /** The variable holding the directory of the artifacts handed to a stage. */
  static final String ARTIFACTS_VARIABLE = "PIPELINE_ARTIFACTS";

  /** The file name standing for stage {@code name} (characters outside [A-Za-z0-9_.-] are _). */
  static String fileName(String stage) {
    return UNSAFE_FILE_CHARS.matcher(stage).replaceAll("_");
  }

  private Path keptArtifacts(String stage) {
    return outputDir.resolve("artifacts").resolve(fileName(stage));
  }

  /**
   * Copies aside what the artifacts of {@code st} match in the workspace, for the stages that need
   * it; returns why it cannot (a pattern matching no file, an I/O failure).
   */
  Optional<String> keepArtifacts(StageState st) {
    List<String> patterns = st.stage.artifacts();
    if (patterns.isEmpty()) {
      return Optional.empty();
    }
    Path dir = keptArtifacts(st.name());
    List<Path> excluded = config.cacheDirectory().map(List::of).orElse(List.of());
    try {
      WorkspaceFiles.deleteRecursively(dir);
      Files.createDirectories(dir);
      for (String pattern : patterns) {
        List<Path> files = WorkspaceFiles.matches(config.workspace(), pattern, excluded);
        if (files.isEmpty()) {
          WorkspaceFiles.deleteRecursively(dir);
          return Optional.of(
              "artifact '"
                  + pattern
                  + "' of stage '"
                  + st.name()
                  + "' matches no file in the workspace "
                  + config.workspace());
        }
        for (Path f : files) {
          WorkspaceFiles.copyRecursively(
              f, dir.resolve(config.workspace().relativize(f).toString()));
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("cannot keep the artifacts of stage '" + st.name() + "': " + e);
    }
  }

  /**
   * Copies the kept artifacts of every stage {@code st} needs (directly or through others) into a
   * directory of its own, {@code <dir>/<stage>/<path>}, which its steps find in {@code
   * $PIPELINE_ARTIFACTS}; nothing when none of them declares artifacts. Returns why it cannot.
   */
  Optional<String> handInArtifacts(StageState st) {
    List<String> producers = new ArrayList<>();
    for (String name : visible.get(st.name())) {
      if (!name.equals(st.name()) && !byName.get(name).stage.artifacts().isEmpty()) {
        producers.add(name);
      }
    }
    if (producers.isEmpty()) {
      return Optional.empty();
    }
    Path dir = outputDir.resolve("handed").resolve(fileName(st.name()));
    try {
      Files.createDirectories(dir);
      for (String producer : producers) {
        Path kept = keptArtifacts(producer);
        if (Files.isDirectory(kept)) {
          WorkspaceFiles.copyRecursively(kept, dir.resolve(fileName(producer)));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.of("cannot hand in the artifacts of " + producers + ": " + e);
    }
    handedIn.put(st.name(), dir);
    return Optional.empty();
  }

  /** The directory of artifacts handed to {@code st}, if any. */
  Optional<Path> handedArtifacts(StageState st) {
    return Optional.ofNullable(handedIn.get(st.name()));
  }

  Optional<String> inputFor(StageState st, String stage, String key) {
    if (!visible.get(st.name()).contains(stage)) {
      return Optional.empty();
    }
    return Optional.ofNullable(byName.get(stage).outputs.get(key));
  }

  Path outputFile(StageState st, Step step, int attempt) {
    String file =
        UNSAFE_FILE_CHARS.matcher(st.name() + "." + step.name()).replaceAll("_")
            + "."
            + st.steps.stream().map(s -> s.step).toList().indexOf(step)
            + "."
            + attempt
            + ".out";
    return outputDir.resolve(file);
  }

  // ---- PipelineRun ----

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public Pipeline pipeline() {
    return pipeline;
  }

  @Override
  public RunStatus status() {
    List<StageStatus> stages = new ArrayList<>(byName.size());
    for (StageState st : byName.values()) {
      stages.add(st.snapshot());
    }
    Status s = status;
    long end = s.isTerminal() ? endNanos : System.nanoTime();
    return new RunStatus(
        runId,
        pipeline.name(),
        s,
        startedAt,
        Duration.ofNanos(end - startNanos),
        Optional.ofNullable(message),
        stages);
  }

  @Override
  public void cancel() {
    cancelRequested = true;
    inbox.add(CANCEL);
  }

  @Override
  public boolean isDone() {
    return done.isDone();
  }

  @Override
  public RunStatus await() {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException(pipeline.name(), "interrupted while waiting for run " + runId, e);
    } catch (ExecutionException e) {
      throw new PipelineException(
          pipeline.name(), "run " + runId + " failed internally", e.getCause());
    }
  }

  @Override
  public Optional<RunStatus> await(Duration limit) {
    try {
      return Optional.of(done.get(limit.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException(pipeline.name(), "interrupted while waiting for run " + runId, e);
    } catch (ExecutionException e) {
      throw new PipelineException(
          pipeline.name(), "run " + runId + " failed internally", e.getCause());
    }
  }

  @Override
  public CompletionStage<RunStatus> completion() {
    return done.minimalCompletionStage();
  }

  // ---- coordinator ----

  private void coordinate() {
    Status finalStatus = Status.FAILED;
    metrics.runStarted(pipeline.name());
    runObservation = observations.run(pipeline.name(), runId);
    try {
      outputDir = Files.createTempDirectory("pipeline-" + runId + "-");
      status = Status.RUNNING;
      emitter.emit(new PipelineEvent.RunStarted(runId, pipeline.name(), startedAt));
      Deadline runDeadline =
          pipeline
              .timeout()
              .map(t -> Deadline.after(t, "run timeout " + t + " elapsed"))
              .orElse(Deadline.NONE);
      previous.ifPresent(this::reuse);
      StopReason mainStop = runPhase(regular, runDeadline, StopReason.RUN_TIMEOUT, null);
      Status mainOutcome = outcomeOf(mainStop);
      Deadline finallyDeadline =
          Deadline.after(
              pipeline.finallyTimeout(),
              "finally timeout " + pipeline.finallyTimeout() + " elapsed");
      runPhase(finals, finallyDeadline, StopReason.FINALLY_TIMEOUT, mainOutcome);
      finalStatus = conclude(mainOutcome);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      message = "coordinator interrupted";
      finalStatus = Status.CANCELLED;
      stopEverything();
    } catch (IOException | RuntimeException | Error e) {
      LOG.error("run {} of pipeline '{}' failed internally", runId, pipeline.name(), e);
      message = masker.mask("internal error: " + e);
      finalStatus = Status.FAILED;
      stopEverything();
    } finally {
      endNanos = System.nanoTime();
      status =
          finalStatus; // after endNanos: a snapshot that sees a terminal status sees its end time
      pool.shutdown();
      deleteOutputDir();
      RunStatus last = status();
      LOG.debug(
          "run {} of pipeline '{}' finished {} in {}",
          runId,
          pipeline.name(),
          last.status(),
          last.duration());
      metrics.runFinished(pipeline.name(), last.status(), endNanos - startNanos);
      PipelineObservations.stop(
          runObservation, pipeline.name(), last.status(), last.message().orElse(null));
      emitter.emit(new PipelineEvent.RunFinished(runId, last));
      done.complete(last);
    }
  }

  /**
   * After an internal failure no one coordinates any more: stop whatever still runs so nothing is
   * orphaned.
   */
  private void stopEverything() {
    for (StageState st : byName.values()) {
      st.stopSignal.complete(StopReason.CANCELLED);
    }
  }

  private Status outcomeOf(StopReason mainStop) {
    if (mainStop == StopReason.CANCELLED) {
      message = "run cancelled";
      return Status.CANCELLED;
    }
    if (mainStop == StopReason.RUN_TIMEOUT) {
      message = "run timeout " + pipeline.timeout().map(Duration::toString).orElse("") + " elapsed";
      return Status.TIMED_OUT;
    }
    for (StageState st : regular) {
      if (st.status().isFailure() && !st.stage.continueOnError()) {
        message =
            "stage '"
                + st.name()
                + "' "
                + st.status().describe()
                + st.message().map(m -> ": " + m).orElse("");
        return Status.FAILED;
      }
    }
    return Status.SUCCEEDED;
  }

  private Status conclude(Status mainOutcome) {
    if (mainOutcome == Status.SUCCEEDED) {
      for (StageState st : finals) {
        if (st.status().isFailure() && !st.stage.continueOnError()) {
          message =
              "finally stage '"
                  + st.name()
                  + "' "
                  + st.status().describe()
                  + st.message().map(m -> ": " + m).orElse("");
          return Status.FAILED;
        }
      }
    }
    return mainOutcome;
  }

  /**
   * Runs one phase to its end. {@code mainOutcome} is null for the regular phase and the outcome of
   * the regular phase for the finally phase. Returns why the phase was stopped, or null.
   */
  private StopReason runPhase(
      List<StageState> phase, Deadline deadline, StopReason timeoutReason, Status mainOutcome)
      throws InterruptedException {
    boolean finallyPhase = mainOutcome != null;
    Set<StageState> running = new HashSet<>();
    StopReason stop = null;
    String failFastCause = null;
    while (true) {
      if (!finallyPhase && cancelRequested && (stop == null || stop == StopReason.FAIL_FAST)) {
        stop = StopReason.CANCELLED;
        stopAll(running, stop);
      }
      launchReady(phase, running, stop, failFastCause, mainOutcome);
      if (running.isEmpty()) {
        return stop;
      }
      Object event;
      // after fail-fast, always/onFailure stages may still start, so the deadline keeps applying
      boolean deadlineApplies =
          (stop == null || stop == StopReason.FAIL_FAST) && !deadline.isNone();
      if (!deadlineApplies) {
        event = inbox.take();
      } else {
        event = inbox.poll(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
      }
      if (event == null) {
        stop = timeoutReason;
        stopAll(running, stop);
      } else if (event instanceof StageState st) {
        running.remove(st);
        matrixFailFast(st, running);
        if (!finallyPhase
            && stop == null
            && pipeline.failureMode() == FailureMode.FAIL_FAST
            && st.status().isFailure()
            && !st.stage.continueOnError()) {
          stop = StopReason.FAIL_FAST;
          failFastCause = st.name();
          stopAll(running, stop);
        }
      }
    }
  }

  /**
   * A failed combination of a fail-fast matrix cancels its running siblings; {@link #skipReason}
   * skips the ones not started.
   */
  private void matrixFailFast(StageState st, Set<StageState> running) {
    Optional<MatrixCombination> combination = st.stage.combination();
    if (combination.isEmpty()
        || !combination.get().matrix().failFast()
        || !st.status().isFailure()
        || st.stage.continueOnError()
        || failedMatrices.containsKey(combination.get().stage())) {
      return;
    }
    String group = combination.get().stage();
    failedMatrices.put(group, st.name());
    for (StageState other : running) {
      if (other.stage.combination().filter(c -> c.stage().equals(group)).isPresent()) {
        other.stopSignal.complete(StopReason.MATRIX_FAIL_FAST);
      }
    }
  }

  /** Whether the matrix {@code st} belongs to, if any, allows one more running combination. */
  private static boolean matrixAllows(StageState st, Set<StageState> running) {
    Optional<MatrixCombination> combination = st.stage.combination();
    if (combination.isEmpty() || combination.get().matrix().maxParallel().isEmpty()) {
      return true;
    }
    String group = combination.get().stage();
    long siblings =
        running.stream()
            .filter(r -> r.stage.combination().filter(c -> c.stage().equals(group)).isPresent())
            .count();
    return siblings < combination.get().matrix().maxParallel().getAsInt();
  }

  private static void stopAll(Set<StageState> running, StopReason reason) {
    for (StageState st : running) {
      st.stopSignal.complete(reason);
    }
  }

  private void launchReady(
      List<StageState> phase,
      Set<StageState> running,
      StopReason stop,
      String failFastCause,
      Status mainOutcome) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (StageState st : phase) {
        if (st.status() != Status.PENDING || !needsTerminal(st)) {
          continue;
        }
        Optional<String> skip = skipReason(st, stop, failFastCause, mainOutcome);
        if (skip.isPresent()) {
          skip(st, skip.get());
          changed = true;
        } else if (running.size() < maxParallelism && matrixAllows(st, running)) {
          st.started();
          running.add(st);
          emitter.emit(new PipelineEvent.StageStarted(runId, st.name(), Instant.now()));
          pool.execute(new StageExecutor(this, st));
        }
      }
    }
  }

  private boolean needsTerminal(StageState st) {
    for (String need : st.stage.needs()) {
      if (!byName.get(need).status().isTerminal()) {
        return false;
      }
    }
    return true;
  }

  private Optional<String> skipReason(
      StageState st, StopReason stop, String failFastCause, Status mainOutcome) {
    Condition when = st.stage.condition();
    if (stop != null && stop != StopReason.FAIL_FAST) {
      return Optional.of("not run: " + stop.text);
    }
    if (when == Condition.ALWAYS) {
      return Optional.empty();
    }
    if (when == Condition.ON_FAILURE) {
      boolean failed =
          mainOutcome != null
              ? mainOutcome == Status.FAILED || mainOutcome == Status.TIMED_OUT
              : ancestors(st.stage).stream().anyMatch(a -> byName.get(a).status().isFailure());
      return failed
          ? Optional.empty()
          : Optional.of("not run: condition onFailure, but nothing failed");
    }
    if (stop == StopReason.FAIL_FAST) {
      return Optional.of("not run: fail-fast after stage '" + failFastCause + "' failed");
    }
    Optional<String> failedSibling = st.stage.combination().map(c -> failedMatrices.get(c.stage()));
    if (failedSibling.isPresent()) {
      return Optional.of("not run: matrix fail-fast after '" + failedSibling.get() + "' failed");
    }
    if (mainOutcome != null && mainOutcome != Status.SUCCEEDED) {
      return Optional.of("not run: condition onSuccess, but the run " + mainOutcome.describe());
    }
    for (String need : st.stage.needs()) {
      StageState n = byName.get(need);
      if (!n.countsAsSuccess()) {
        return Optional.of("not run: needed stage '" + need + "' " + n.status().describe());
      }
    }
    return Optional.empty();
  }

  /**
   * Marks {@link Status#REUSED} every regular stage that succeeded in {@code last} and needs only
   * stages reused as well; the others stay pending and run.
   */
  private void reuse(RunStatus last) {
    Set<String> rerun = new HashSet<>();
    for (StageState st : regular) {
      Optional<StageStatus> before = last.stage(st.name()).filter(s -> !s.finallyStage());
      if (before.isEmpty() || !before.get().status().isSuccess()) {
        rerun.add(st.name());
      }
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (StageState st : regular) {
        if (!rerun.contains(st.name()) && st.stage.needs().stream().anyMatch(rerun::contains)) {
          rerun.add(st.name());
          grew = true;
        }
      }
    }
    for (StageState st : regular) {
      if (!rerun.contains(st.name())) {
        st.reuse(last.stage(st.name()).orElseThrow(), last.runId());
        // what the previous run left in the workspace stands for its artifacts
        keepArtifacts(st)
            .ifPresent(
                why -> LOG.warn("run {}: reused stage '{}': {}", runId, st.name(), mask(why)));
        for (StepState s : st.steps) {
          metrics.stepFinished(pipeline.name(), st.name(), s.step.name(), Status.REUSED, 0);
        }
        metrics.stageFinished(pipeline.name(), st.name(), Status.REUSED, 0);
        emitter.emit(new PipelineEvent.StageFinished(runId, st.snapshot()));
      }
    }
    LOG.debug("run {} re-runs {} of run {}", runId, rerun, last.runId());
  }

  private void skip(StageState st, String reason) {
    for (StepState s : st.steps) {
      s.finish(Status.SKIPPED, reason);
      metrics.stepFinished(pipeline.name(), st.name(), s.step.name(), Status.SKIPPED, 0);
    }
    st.finish(Status.SKIPPED, reason);
    metrics.stageFinished(pipeline.name(), st.name(), Status.SKIPPED, 0);
    emitter.emit(new PipelineEvent.StageFinished(runId, st.snapshot()));
  }

  private Set<String> ancestors(Stage stage) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(stage.needs());
    while (!todo.isEmpty()) {
      String n = todo.remove(todo.size() - 1);
      if (seen.add(n)) {
        pipeline.stage(n).ifPresent(s -> todo.addAll(s.needs()));
      }
    }
    return seen;
  }

  private void deleteOutputDir() {
    if (outputDir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(outputDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the output directory {} of run {}", outputDir, runId, e);
    }
  }
}
