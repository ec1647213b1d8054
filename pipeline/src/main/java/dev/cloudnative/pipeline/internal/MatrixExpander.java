package dev.cloudnative.pipeline.internal;

import dev.cloudnative.pipeline.CommandStep;
import dev.cloudnative.pipeline.ContainerStep;
import dev.cloudnative.pipeline.Matrix;
import dev.cloudnative.pipeline.MatrixCombination;
import dev.cloudnative.pipeline.ShellStep;
import dev.cloudnative.pipeline.Stage;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.StepOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands matrix stages into one stage per combination (GitHub Actions' {@code strategy.matrix}
 * rules, see {@link Matrix}) and rewrites the needs naming a matrix stage to name every
 * combination. Not API. Stateless, thread-safe.
 */
public final class MatrixExpander {
  private static final Pattern AXIS = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{\\{\\s*matrix\\.([^}\\s]*)\\s*}}");
  private static final Pattern NON_WORD = Pattern.compile("[^A-Za-z0-9]");

  private MatrixExpander() {}

  /** The stages of a pipeline, every matrix stage replaced by its combinations. */
  public record Expanded(List<Stage> stages, List<Stage> finallyStages) {}

  /**
   * Expands {@code stages} and {@code finallyStages}, adding every problem found to {@code
   * problems}; a matrix stage with problems is kept as it is.
   */
  public static Expanded expand(
      List<Stage> stages, List<Stage> finallyStages, List<String> problems) {
    if (stages.stream().noneMatch(s -> s.matrix().isPresent())
        && finallyStages.stream().noneMatch(s -> s.matrix().isPresent())) {
      return new Expanded(stages, finallyStages);
    }
    Map<String, List<String>> members = new LinkedHashMap<>();
    List<Stage> regular = expandAll(stages, members, problems);
    List<Stage> finals = expandAll(finallyStages, members, problems);
    return new Expanded(rewriteNeeds(regular, members), rewriteNeeds(finals, members));
  }

  private static List<Stage> expandAll(
      List<Stage> stages, Map<String, List<String>> members, List<String> problems) {
    List<Stage> out = new ArrayList<>();
    for (Stage s : stages) {
      if (s.matrix().isEmpty()) {
        out.add(s);
        continue;
      }
      List<String> found = new ArrayList<>();
      List<Map<String, String>> combos = combinations(s.matrix().get(), found);
      // a key only some combinations have (added by an include) is empty in the others
      java.util.Set<String> keys = new java.util.HashSet<>();
      combos.forEach(c -> keys.addAll(c.keySet()));
      List<Stage> made = new ArrayList<>();
      for (Map<String, String> combo : combos) {
        Map<String, String> known = new LinkedHashMap<>();
        keys.forEach(k -> known.put(k, ""));
        known.putAll(combo);
        made.add(instance(s, combo, known, found));
      }
      if (!found.isEmpty()) {
        found.forEach(p -> problems.add("stage '" + s.name() + "': " + p));
        out.add(s);
        continue;
      }
      members.put(s.name(), made.stream().map(Stage::name).toList());
      out.addAll(made);
    }
    return out;
  }

  private static List<Stage> rewriteNeeds(List<Stage> stages, Map<String, List<String>> members) {
    List<Stage> out = new ArrayList<>(stages.size());
    for (Stage s : stages) {
      if (s.needs().stream().noneMatch(members::containsKey)) {
        out.add(s);
        continue;
      }
      List<String> needs = new ArrayList<>();
      for (String n : s.needs()) {
        for (String m : members.getOrDefault(n, List.of(n))) {
          if (!needs.contains(m)) {
            needs.add(m);
          }
        }
      }
      out.add(
          new Stage(
              s.name(),
              needs,
              s.condition(),
              s.env(),
              s.steps(),
              s.timeout(),
              s.continueOnError(),
              s.matrix(),
              s.combination(),
              s.artifacts()));
    }
    return out;
  }

  /** The name of one combination: {@code test (jdk=17, os=linux)}. */
  public static String name(String stage, Map<String, String> combination) {
    StringBuilder b = new StringBuilder(stage).append(" (");
    combination.forEach(
        (k, v) ->
            b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(k).append('=').append(v));
    return b.append(')').toString();
  }

  /** The variable a step reads a matrix key from: {@code MATRIX_<KEY>}. */
  public static String variable(String key) {
    return "MATRIX_" + NON_WORD.matcher(key).replaceAll("_").toUpperCase(Locale.ROOT);
  }

  private static Stage instance(
      Stage s, Map<String, String> combo, Map<String, String> known, List<String> problems) {
    String name = name(s.name(), combo);
    Map<String, String> env = new LinkedHashMap<>();
    s.env().forEach((k, v) -> env.put(k, substitute(v, known, "env " + k, problems)));
    combo.forEach((k, v) -> env.put(variable(k), v));
    List<Step> steps = new ArrayList<>();
    for (Step step : s.steps()) {
      steps.add(substitute(step, known, problems));
    }
    return new Stage(
        name,
        s.needs(),
        s.condition(),
        env,
        steps,
        s.timeout(),
        s.continueOnError(),
        Optional.empty(),
        Optional.of(new MatrixCombination(s.name(), combo, s.matrix().orElseThrow())),
        s.artifacts());
  }

  private static Step substitute(Step step, Map<String, String> combo, List<String> problems) {
    String where = "step '" + step.name() + "'";
    StepOptions o = step.options();
    Map<String, String> env = new LinkedHashMap<>();
    o.env().forEach((k, v) -> env.put(k, substitute(v, combo, where + " env " + k, problems)));
    o = o.withEnv(env);
    if (o.workingDirectory().isPresent()) {
      o =
          o.withWorkingDirectory(
              substitute(
                  o.workingDirectory().get(), combo, where + " working directory", problems));
    }
    if (step instanceof CommandStep c) {
      return new CommandStep(c.name(), all(c.command(), combo, where, problems), o);
    }
    if (step instanceof ShellStep sh) {
      if (REFERENCE.matcher(sh.script()).find()) {
        Matcher m = REFERENCE.matcher(sh.script());
        m.find();
        problems.add(
            where
                + ": '"
                + m.group()
                + "' in a shell script is not replaced (a value would become shell syntax);"
                + " read \"$"
                + variable(m.group(1))
                + "\" instead, or pass it in args");
      }
      return new ShellStep(sh.name(), sh.script(), all(sh.args(), combo, where, problems), o);
    }
    if (step instanceof ContainerStep ct) {
      return new ContainerStep(
          ct.name(),
          substitute(ct.image(), combo, where + " image", problems),
          all(ct.command(), combo, where, problems),
          o);
    }
    return step.withOptions(o);
  }

  private static List<String> all(
      List<String> args, Map<String, String> combo, String where, List<String> problems) {
    List<String> out = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      out.add(substitute(args.get(i), combo, where + " argument " + i, problems));
    }
    return out;
  }

  private static String substitute(
      String text, Map<String, String> combo, String where, List<String> problems) {
    if (text.indexOf("${{") < 0) {
      return text;
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String value = combo.get(key);
      if (value == null) {
        String problem =
            where + ": '" + m.group() + "' names no matrix key, keys: " + combo.keySet();
        if (!problems.contains(problem)) {
          problems.add(problem);
        }
        value = m.group();
      }
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    m.appendTail(b);
    return b.toString();
  }

  /**
   * The combinations of {@code matrix}, adding its problems (each a sentence) to {@code problems}.
   */
  public static List<Map<String, String>> combinations(Matrix matrix, List<String> problems) {
    int before = problems.size();
    Map<String, List<String>> axes = matrix.axes();
    if (axes.isEmpty() && matrix.include().isEmpty()) {
      problems.add("matrix has no axis and no include");
    }
    axes.forEach(
        (k, v) -> {
          if (!AXIS.matcher(k).matches()) {
            problems.add(
                "matrix axis name '" + k + "' is invalid, allowed: [A-Za-z_][A-Za-z0-9_-]*");
          }
          if (v.isEmpty()) {
            problems.add("matrix axis '" + k + "' is empty, it needs at least one value");
          }
        });
    checkEntries("include", matrix.include(), problems);
    checkEntries("exclude", matrix.exclude(), problems);
    for (int i = 0; i < matrix.exclude().size(); i++) {
      for (Map.Entry<String, String> e : matrix.exclude().get(i).entrySet()) {
        List<String> values = axes.get(e.getKey());
        if (values == null) {
          problems.add(
              "matrix exclude["
                  + i
                  + "] names '"
                  + e.getKey()
                  + "', which is not an axis, axes: "
                  + axes.keySet());
        } else if (!values.contains(e.getValue())) {
          problems.add(
              "matrix exclude["
                  + i
                  + "]: "
                  + e.getKey()
                  + "="
                  + e.getValue()
                  + " is not a value of axis '"
                  + e.getKey()
                  + "' "
                  + values);
        }
      }
    }
    if (problems.size() > before) {
      return List.of();
    }
    long product = axes.isEmpty() ? 0 : 1;
    for (List<String> v : axes.values()) {
      product *= v.size();
      if (product > Matrix.MAX_COMBINATIONS) {
        break;
      }
    }
    if (product > Matrix.MAX_COMBINATIONS) {
      problems.add("matrix has more than " + Matrix.MAX_COMBINATIONS + " combinations");
      return List.of();
    }
    List<Map<String, String>> combos = new ArrayList<>();
    if (!axes.isEmpty()) {
      combos.add(new LinkedHashMap<>());
      for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
        List<Map<String, String>> next = new ArrayList<>();
        for (Map<String, String> c : combos) {
          for (String v : axis.getValue()) {
            Map<String, String> n = new LinkedHashMap<>(c);
            n.put(axis.getKey(), v);
            next.add(n);
          }
        }
        combos = next;
      }
    }
    combos.removeIf(c -> matrix.exclude().stream().anyMatch(x -> matches(c, x)));
    int original = combos.size();
    for (Map<String, String> inc : matrix.include()) {
      boolean extended = false;
      for (int i = 0; i < original; i++) {
        Map<String, String> c = combos.get(i);
        boolean agrees = true;
        for (Map.Entry<String, String> e : inc.entrySet()) {
          if (axes.containsKey(e.getKey()) && !e.getValue().equals(c.get(e.getKey()))) {
            agrees = false;
            break;
          }
        }
        if (agrees) {
          inc.forEach(c::put);
          extended = true;
        }
      }
      if (!extended) {
        combos.add(new LinkedHashMap<>(inc));
      }
    }
    // a stable order whatever map the entries came in: the axes as declared, then added keys sorted
    List<Map<String, String>> ordered = new ArrayList<>(combos.size());
    for (Map<String, String> c : combos) {
      Map<String, String> o = new LinkedHashMap<>();
      axes.keySet().stream().filter(c::containsKey).forEach(k -> o.put(k, c.get(k)));
      new java.util.TreeMap<>(c).forEach(o::putIfAbsent);
      ordered.add(o);
    }
    combos = ordered;
    if (combos.isEmpty()) {
      problems.add("matrix has no combination left after its excludes");
    } else if (combos.size() > Matrix.MAX_COMBINATIONS) {
      problems.add(
          "matrix has " + combos.size() + " combinations, more than " + Matrix.MAX_COMBINATIONS);
      return List.of();
    }
    return combos;
  }

  private static boolean matches(Map<String, String> combo, Map<String, String> partial) {
    for (Map.Entry<String, String> e : partial.entrySet()) {
      if (!e.getValue().equals(combo.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static void checkEntries(
      String kind, List<Map<String, String>> entries, List<String> problems) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).isEmpty()) {
        problems.add("matrix " + kind + "[" + i + "] is empty");
      }
      for (String key : entries.get(i).keySet()) {
        if (!AXIS.matcher(key).matches()) {
          problems.add(
              "matrix "
                  + kind
                  + "["
                  + i
                  + "] key '"
                  + key
                  + "' is invalid, allowed: [A-Za-z_][A-Za-z0-9_-]*");
        }
      }
    }
  }
}
