package dev.cloudnative.pipeline.yaml;

import dev.cloudnative.pipeline.Condition;
import dev.cloudnative.pipeline.InvalidPipelineException;
import dev.cloudnative.pipeline.Matrix;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineException;
import dev.cloudnative.pipeline.RetryPolicy;
import dev.cloudnative.pipeline.Stage;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.StepCache;
import dev.cloudnative.pipeline.StepOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the YAML form of a pipeline, in the spirit of GitHub Actions, into the same model the
 * builder produces. Unknown keys and wrong types are rejected with the path of the offending entry.
 * Stateless, thread-safe.
 *
 * <pre>
 * name: release
 * fail-fast: true            # or false for continue mode
 * max-parallel: 2
 * timeout: 30m               # 500ms, 10s, 5m, 1h, 1h30m or ISO-8601 (PT10S)
 * env: {MAVEN_OPTS: -Xmx1g}
 * secrets: [DEPLOY_TOKEN]    # names whose values (from the runner's or the JVM's environment, or
 *                            # an env entry) are masked as *** in logs, events and reports
 * stages:                    # "jobs" is accepted as well
 *   lint:
 *     steps:
 *       - name: style
 *         command: [mvn, -q, checkstyle:check]   # argument list, no shell
 *   test:
 *     needs: [lint]          # or a single name
 *     if: success()          # success | failure | always, with or without ()
 *     continue-on-error: false
 *     timeout-minutes: 20
 *     strategy:              # GitHub's: one stage per combination, "unit (jdk=17, os=linux)"
 *       matrix:
 *         jdk: [17, 21]
 *         os: [linux, mac]
 *         exclude: [{jdk: 17, os: mac}]
 *         include: [{jdk: 21, experimental: true}]
 *       fail-fast: true      # the default: a failed combination cancels the others
 *       max-parallel: 2
 *     artifacts: [target/*.jar]  # handed to the stages that need this one, at
 *                                # $PIPELINE_ARTIFACTS/test/target/app.jar
 *     steps:
 *       - name: unit
 *         run: mvn -q test "$1"       # explicit shell: sh -c SCRIPT sh ARGS...
 *         args: [-Dgroups=fast]
 *         retries: 2                  # two retries = three attempts; or
 *                                     # {attempts: 3, backoff: 1s, multiplier: 2, max-backoff: 1m}
 *                                     # (RetryPolicy.custom()'s words; multiplier defaults to 2,
 *                                     # max-backoff to 100 times backoff)
 *         timeout: 10m
 *         working-directory: core
 *         cache:                      # skipped, CACHED, when these did not change
 *           inputs: [src/**, pom.xml] # files or globs under the workspace
 *           env: [JDK]
 *           outputs: [target/app.jar] # restored on a hit
 *         env: {CI: "true"}
 *       - name: it
 *         image: maven:3.9-eclipse-temurin-17      # container step
 *         command: [mvn, verify]
 * finally:
 *   cleanup:
 *     steps:
 *       - run: rm -rf target/tmp
 * </pre>
 */
public final class YamlPipelineReader {

  private static final Set<String> PIPELINE_KEYS =
      Set.of(
          "name",
          "env",
          "fail-fast",
          "max-parallel",
          "timeout",
          "timeout-minutes",
          "finally-timeout",
          "secrets",
          "stages",
          "jobs",
          "finally");
  private static final Set<String> STAGE_KEYS =
      Set.of(
          "needs",
          "if",
          "env",
          "timeout",
          "timeout-minutes",
          "continue-on-error",
          "strategy",
          "artifacts",
          "steps");
  private static final Set<String> STRATEGY_KEYS = Set.of("matrix", "fail-fast", "max-parallel");
  private static final Set<String> STEP_KEYS =
      Set.of(
          "name",
          "run",
          "args",
          "command",
          "image",
          "env",
          "working-directory",
          "timeout",
          "timeout-minutes",
          "retries",
          "retry",
          "cache",
          "continue-on-error");
  private static final Set<String> CACHE_KEYS = Set.of("inputs", "env", "outputs");
  private static final Set<String> RETRY_KEYS =
      Set.of("attempts", "backoff", "multiplier", "max-backoff");
  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

  private YamlPipelineReader() {}

  /**
   * Reads a pipeline from a YAML file.
   *
   * @throws InvalidPipelineException if the file is malformed or the pipeline invalid
   * @throws PipelineException if the file cannot be read
   */
  public static Pipeline read(Path file) {
    try {
      return read(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PipelineException(
          "?", "cannot read pipeline file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a pipeline from YAML text.
   *
   * @throws InvalidPipelineException if the text is malformed or the pipeline invalid
   */
  public static Pipeline read(String yaml) {
    Object root;
    try {
      Load load =
          new Load(
              LoadSettings.builder().setLabel("pipeline").setAllowDuplicateKeys(false).build());
      root = load.loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new InvalidPipelineException("?", List.of("malformed YAML: " + e.getMessage()), e);
    }
    String name = "?";
    try {
      Map<String, Object> doc = map(root, "document");
      name = string(doc.get("name"), "name");
      checkKeys(doc, PIPELINE_KEYS, "pipeline");
      Pipeline.Builder b = Pipeline.builder(name);
      env(doc.get("env"), "env").forEach(b::env);
      if (doc.get("secrets") instanceof String one) {
        b.secret(one);
      } else if (doc.containsKey("secrets")) {
        strings(doc.get("secrets"), "secrets").forEach(b::secret);
      }
      if (doc.containsKey("fail-fast")) {
        b.failureMode(
            bool(doc.get("fail-fast"), "fail-fast")
                ? dev.cloudnative.pipeline.FailureMode.FAIL_FAST
                : dev.cloudnative.pipeline.FailureMode.CONTINUE);
      }
      if (doc.containsKey("max-parallel")) {
        b.maxParallelism(integer(doc.get("max-parallel"), "max-parallel"));
      }
      timeout(doc, "pipeline").ifPresent(b::timeout);
      if (doc.containsKey("finally-timeout")) {
        b.finallyTimeout(duration(doc.get("finally-timeout"), "finally-timeout"));
      }
      if (doc.containsKey("stages") && doc.containsKey("jobs")) {
        throw new IllegalArgumentException("use either 'stages' or 'jobs', not both");
      }
      Object stages = doc.containsKey("jobs") ? doc.get("jobs") : doc.get("stages");
      String stagesKey = doc.containsKey("jobs") ? "jobs" : "stages";
      if (stages != null) {
        for (Map.Entry<String, Object> e : map(stages, stagesKey).entrySet()) {
          b.stage(
              stage(e.getKey(), e.getValue(), stagesKey + "." + e.getKey(), Condition.ON_SUCCESS));
        }
      }
      if (doc.get("finally") != null) {
        for (Map.Entry<String, Object> e : map(doc.get("finally"), "finally").entrySet()) {
          b.finallyStage(
              stage(e.getKey(), e.getValue(), "finally." + e.getKey(), Condition.ALWAYS));
        }
      }
      return b.build();
    } catch (InvalidPipelineException e) {
      throw e; // the model's own validation: already lists every problem
    } catch (IllegalArgumentException e) {
      throw new InvalidPipelineException(name, List.of(String.valueOf(e.getMessage())), e);
    }
  }

  private static Stage stage(String name, Object value, String path, Condition defaultCondition) {
    Map<String, Object> m = map(value, path);
    checkKeys(m, STAGE_KEYS, path);
    Stage.Builder b = Stage.builder(name).when(defaultCondition);
    Object needs = m.get("needs");
    if (needs instanceof String s) {
      b.needs(s);
    } else if (needs != null) {
      b.needs(strings(needs, path + ".needs"));
    }
    if (m.containsKey("if")) {
      b.when(Condition.parse(string(m.get("if"), path + ".if")));
    }
    env(m.get("env"), path + ".env").forEach(b::env);
    if (m.containsKey("strategy")) {
      b.matrix(strategy(m.get("strategy"), path + ".strategy"));
    }
    timeout(m, path).ifPresent(b::timeout);
    if (m.containsKey("continue-on-error")
        && bool(m.get("continue-on-error"), path + ".continue-on-error")) {
      b.continueOnError();
    }
    Object steps = m.get("steps");
    if (steps == null) {
      throw new IllegalArgumentException(
          path + ": 'steps' is missing, a stage needs at least one step");
    }
    if (!(steps instanceof List<?> list)) {
      throw new IllegalArgumentException(path + ".steps must be a list but was " + typeOf(steps));
    }
    for (int i = 0; i < list.size(); i++) {
      b.step(step(list.get(i), path + ".steps[" + i + "]", i + 1));
    }
    b.artifacts(listOrOne(m.get("artifacts"), path + ".artifacts").toArray(String[]::new));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static Step step(Object value, String path, int position) {
    Map<String, Object> m = map(value, path);
    checkKeys(m, STEP_KEYS, path);
    String name =
        m.containsKey("name") ? string(m.get("name"), path + ".name") : "step-" + position;
    int kinds =
        (m.containsKey("run") ? 1 : 0)
            + (m.containsKey("image") ? 1 : 0)
            + (m.containsKey("command") && !m.containsKey("image") ? 1 : 0);
    if (kinds != 1) {
      throw new IllegalArgumentException(
          path
              + " must have exactly one of 'run' (shell script), 'command' "
              + "(argument list) or 'image' (container, optional 'command'), found keys "
              + m.keySet());
    }
    if (m.containsKey("args") && !m.containsKey("run")) {
      throw new IllegalArgumentException(path + ".args is only allowed with 'run'");
    }
    Step step;
    if (m.containsKey("run")) {
      List<String> args =
          m.containsKey("args") ? strings(m.get("args"), path + ".args") : List.of();
      step = Step.shell(name, string(m.get("run"), path + ".run"), args.toArray(String[]::new));
    } else if (m.containsKey("image")) {
      List<String> cmd =
          m.containsKey("command") ? strings(m.get("command"), path + ".command") : List.of();
      step = Step.container(name, string(m.get("image"), path + ".image"), cmd);
    } else {
      step = Step.command(name, strings(m.get("command"), path + ".command"));
    }
    StepOptions o = StepOptions.ofDefaults().withEnv(env(m.get("env"), path + ".env"));
    if (m.containsKey("working-directory")) {
      o = o.withWorkingDirectory(string(m.get("working-directory"), path + ".working-directory"));
    }
    var t = timeout(m, path);
    if (t.isPresent()) {
      o = o.withTimeout(t.get());
    }
    if (m.containsKey("retries") && m.containsKey("retry")) {
      throw new IllegalArgumentException(path + ": use either 'retries' or 'retry', not both");
    }
    if (m.containsKey("retries")) {
      int retries = integer(m.get("retries"), path + ".retries");
      if (retries < 0) {
        throw new IllegalArgumentException(path + ".retries must be >= 0 but was " + retries);
      }
      o = o.withRetry(RetryPolicy.attempts(retries + 1));
    }
    if (m.containsKey("retry")) {
      o = o.withRetry(retry(m.get("retry"), path + ".retry"));
    }
    if (m.containsKey("continue-on-error")) {
      o = o.withContinueOnError(bool(m.get("continue-on-error"), path + ".continue-on-error"));
    }
    if (m.containsKey("cache")) {
      Map<String, Object> c = map(m.get("cache"), path + ".cache");
      checkKeys(c, CACHE_KEYS, path + ".cache");
      try {
        o =
            o.withCache(
                new StepCache(
                    listOrOne(c.get("inputs"), path + ".cache.inputs"),
                    listOrOne(c.get("env"), path + ".cache.env"),
                    listOrOne(c.get("outputs"), path + ".cache.outputs")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ".cache: " + e.getMessage(), e);
      }
    }
    return step.withOptions(o);
  }

  /**
   * GitHub's {@code strategy}: {@code matrix} (axes, {@code include}, {@code exclude}), {@code
   * fail-fast}, {@code max-parallel}.
   */
  private static Matrix strategy(Object value, String path) {
    Map<String, Object> m = map(value, path);
    checkKeys(m, STRATEGY_KEYS, path);
    if (!m.containsKey("matrix")) {
      throw new IllegalArgumentException(path + ".matrix is missing");
    }
    Matrix.Builder b = Matrix.builder();
    for (Map.Entry<String, Object> e : map(m.get("matrix"), path + ".matrix").entrySet()) {
      String at = path + ".matrix." + e.getKey();
      if (e.getKey().equals("include") || e.getKey().equals("exclude")) {
        if (!(e.getValue() instanceof List<?> list)) {
          throw new IllegalArgumentException(
              at + " must be a list of mappings but was " + typeOf(e.getValue()));
        }
        for (int i = 0; i < list.size(); i++) {
          Map<String, String> entry = env(list.get(i), at + "[" + i + "]");
          if (list.get(i) == null) {
            throw new IllegalArgumentException(at + "[" + i + "] must be a mapping but was empty");
          }
          if (e.getKey().equals("include")) {
            b.include(entry);
          } else {
            b.exclude(entry);
          }
        }
      } else if (e.getValue() instanceof List<?>) {
        b.axis(e.getKey(), strings(e.getValue(), at));
      } else {
        throw new IllegalArgumentException(
            at + " must be a list of values but was " + typeOf(e.getValue()));
      }
    }
    if (m.containsKey("fail-fast")) {
      b.failFast(bool(m.get("fail-fast"), path + ".fail-fast"));
    }
    if (m.containsKey("max-parallel")) {
      b.maxParallel(integer(m.get("max-parallel"), path + ".max-parallel"));
    }
    return b.build();
  }

  private static RetryPolicy retry(Object value, String path) {
    Map<String, Object> m = map(value, path);
    checkKeys(m, RETRY_KEYS, path);
    if (!m.containsKey("attempts")) {
      throw new IllegalArgumentException(path + ".attempts is missing");
    }
    RetryPolicy.Builder p =
        RetryPolicy.custom().maxAttempts(integer(m.get("attempts"), path + ".attempts"));
    Duration base =
        m.containsKey("backoff") ? duration(m.get("backoff"), path + ".backoff") : Duration.ZERO;
    // Without a cap, the waits may grow to 100 times the first one.
    Duration max =
        m.containsKey("max-backoff")
            ? duration(m.get("max-backoff"), path + ".max-backoff")
            : base.multipliedBy(100);
    p.backoff(base, max);
    if (m.containsKey("multiplier")) {
      Object f = m.get("multiplier");
      if (!(f instanceof Number n)) {
        throw new IllegalArgumentException(
            path + ".multiplier must be a number but was " + typeOf(f));
      }
      p.multiplier(n.doubleValue());
    }
    try {
      return p.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static java.util.Optional<Duration> timeout(Map<String, Object> m, String path) {
    if (m.containsKey("timeout") && m.containsKey("timeout-minutes")) {
      throw new IllegalArgumentException(
          path + ": use either 'timeout' or 'timeout-minutes', not both");
    }
    if (m.containsKey("timeout")) {
      return java.util.Optional.of(duration(m.get("timeout"), path + ".timeout"));
    }
    if (m.containsKey("timeout-minutes")) {
      return java.util.Optional.of(
          Duration.ofMinutes(integer(m.get("timeout-minutes"), path + ".timeout-minutes")));
    }
    return java.util.Optional.empty();
  }

  /**
   * Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h30m}, ISO-8601 {@code PT10S}, or an
   * integer of seconds.
   */
  static Duration duration(Object value, String path) {
    if (value instanceof Integer || value instanceof Long) {
      return Duration.ofSeconds(((Number) value).longValue());
    }
    String s = string(value, path).trim();
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(path + ": '" + s + "' is not an ISO-8601 duration", e);
      }
    }
    Matcher mt = DURATION.matcher(s);
    if (s.isEmpty() || !mt.matches()) {
      throw new IllegalArgumentException(
          path
              + ": '"
              + s
              + "' is not a duration, allowed: 500ms, 10s, 5m, 1h30m, PT10S or whole seconds");
    }
    Duration d = Duration.ZERO;
    if (mt.group(1) != null) {
      d = d.plusHours(Long.parseLong(mt.group(1)));
    }
    if (mt.group(2) != null) {
      d = d.plusMinutes(Long.parseLong(mt.group(2)));
    }
    if (mt.group(3) != null) {
      d = d.plusSeconds(Long.parseLong(mt.group(3)));
    }
    if (mt.group(4) != null) {
      d = d.plusMillis(Long.parseLong(mt.group(4)));
    }
    return d;
  }

  private static void checkKeys(Map<String, Object> m, Set<String> allowed, String path) {
    for (String k : m.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            path + ": unknown key '" + k + "', allowed: " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String path) {
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(path + " must be a mapping but was " + typeOf(value));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new IllegalArgumentException(
            path + ": key " + e.getKey() + " must be a string but was " + typeOf(e.getKey()));
      }
      out.put(k, e.getValue());
    }
    return (Map<String, Object>) (Map<?, ?>) out;
  }

  private static Map<String, String> env(Object value, String path) {
    if (value == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    map(value, path).forEach((k, v) -> out.put(k, scalar(v, path + "." + k)));
    return out;
  }

  /** A list of strings, a single string, or nothing (an empty list). */
  private static List<String> listOrOne(Object value, String path) {
    if (value == null) {
      return List.of();
    }
    return value instanceof String s ? List.of(s) : strings(value, path);
  }

  private static List<String> strings(Object value, String path) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(path + " must be a list but was " + typeOf(value));
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(scalar(list.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /** A string, number or boolean as text: {@code --threads: 4} in YAML is the argument "4". */
  private static String scalar(Object v, String path) {
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw new IllegalArgumentException(
        path + " must be a string, number or boolean but was " + typeOf(v));
  }

  private static String string(Object v, String path) {
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(path + " must be a string but was " + typeOf(v));
    }
    return s;
  }

  private static int integer(Object v, String path) {
    if (!(v instanceof Integer i)) {
      throw new IllegalArgumentException(path + " must be an integer but was " + typeOf(v));
    }
    return i;
  }

  private static boolean bool(Object v, String path) {
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException(path + " must be true or false but was " + typeOf(v));
    }
    return b;
  }

  private static String typeOf(Object v) {
    return v == null
        ? "missing (null)"
        : v instanceof Map
            ? "a mapping"
            : v instanceof List ? "a list" : v.getClass().getSimpleName() + " '" + v + "'";
  }
}
