package dev.cloudnative.pipeline.internal;

import dev.cloudnative.pipeline.CommandStep;
import dev.cloudnative.pipeline.ContainerStep;
import dev.cloudnative.pipeline.ShellStep;
import dev.cloudnative.pipeline.Stage;
import dev.cloudnative.pipeline.Step;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a pipeline definition before anything runs and returns every problem as a sentence. Not
 * API.
 *
 * <p>Cycle detection is an iterative three-colour depth-first search over the {@code needs} edges;
 * the first back edge found yields the cycle, reported as the path {@code a -> b -> a} so a user
 * sees exactly which declarations to change. Stateless, thread-safe.
 */
public final class PipelineValidator {

  private static final String NUL_WHY = " (not allowed: a process cannot receive it)";
  private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private PipelineValidator() {}

  /** Every problem of the definition; empty when it is valid. */
  public static List<String> problems(
      String name,
      Map<String, String> env,
      List<Stage> stages,
      List<Stage> finallyStages,
      OptionalInt maxParallelism,
      Optional<Duration> timeout,
      Duration finallyTimeout) {
    List<String> problems = new ArrayList<>();
    if (name.isBlank()) {
      problems.add("pipeline name must not be blank");
    }
    if (stages.isEmpty() && finallyStages.isEmpty()) {
      problems.add("pipeline has no stages");
    }
    maxParallelism.ifPresent(
        n -> {
          if (n < 1) {
            problems.add("maxParallelism must be at least 1 but was " + n);
          }
        });
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            problems.add("pipeline timeout must be positive but was " + t);
          }
        });
    if (finallyTimeout.isNegative() || finallyTimeout.isZero()) {
      problems.add("finally timeout must be positive but was " + finallyTimeout);
    }
    checkEnv("the pipeline's env", env, problems);
    Map<String, Stage> regular = new LinkedHashMap<>();
    Map<String, Stage> all = new LinkedHashMap<>();
    for (Stage s : stages) {
      checkStage(s, problems);
      if (all.putIfAbsent(s.name(), s) != null) {
        problems.add("duplicate stage name '" + s.name() + "'");
      }
      regular.putIfAbsent(s.name(), s);
    }
    Set<String> finallyNames = new HashSet<>();
    for (Stage s : finallyStages) {
      checkStage(s, problems);
      if (all.putIfAbsent(s.name(), s) != null) {
        problems.add("duplicate stage name '" + s.name() + "'");
      }
      finallyNames.add(s.name());
    }
    for (Stage s : stages) {
      for (String need : s.needs()) {
        if (finallyNames.contains(need)) {
          problems.add(
              "stage '"
                  + s.name()
                  + "' needs finally stage '"
                  + need
                  + "', but regular stages cannot wait for finally stages");
        } else if (!regular.containsKey(need)) {
          problems.add(
              "stage '"
                  + s.name()
                  + "' needs unknown stage '"
                  + need
                  + "', known stages: "
                  + regular.keySet());
        }
      }
    }
    for (Stage s : finallyStages) {
      for (String need : s.needs()) {
        if (!all.containsKey(need)) {
          problems.add(
              "finally stage '"
                  + s.name()
                  + "' needs unknown stage '"
                  + need
                  + "', known stages: "
                  + all.keySet());
        }
      }
    }
    findCycle(all)
        .ifPresent(cycle -> problems.add("stages form a cycle: " + String.join(" -> ", cycle)));
    return problems;
  }

  private static void checkStage(Stage s, List<String> problems) {
    // a matrix combination is named after its declared stage and its values
    if (!STAGE_NAME.matcher(s.declaredName()).matches()) {
      problems.add(
          "stage name '" + s.declaredName() + "' is invalid, allowed: [A-Za-z0-9][A-Za-z0-9_.-]*");
    } else if (hasNul(s.name())) {
      problems.add(
          "stage '" + s.declaredName() + "' has a matrix value containing a NUL character");
    }
    if (s.steps().isEmpty()) {
      problems.add("stage '" + s.name() + "' has no steps");
    }
    checkEnv("the env of stage '" + s.name() + "'", s.env(), problems);
    Set<String> seen = new HashSet<>();
    for (String need : s.needs()) {
      if (need.equals(s.name())) {
        problems.add("stage '" + s.name() + "' needs itself");
      }
    }
    for (Step step : s.steps()) {
      String where = "step '" + step.name() + "' of stage '" + s.name() + "'";
      if (step.name().isBlank()) {
        problems.add("a step of stage '" + s.name() + "' has a blank name");
      } else if (!seen.add(step.name())) {
        problems.add("duplicate step name '" + step.name() + "' in stage '" + s.name() + "'");
      }
      if (step instanceof CommandStep c) {
        if (c.command().isEmpty() || c.command().get(0).isBlank()) {
          problems.add(where + " has an empty command");
        }
        checkArguments(where, "command", c.command(), problems);
      } else if (step instanceof ShellStep sh) {
        if (sh.script().isBlank()) {
          problems.add(where + " has an empty script");
        }
        if (hasNul(sh.script())) {
          problems.add(where + " has a script containing a NUL character" + NUL_WHY);
        }
        checkArguments(where, "args", sh.args(), problems);
      } else if (step instanceof ContainerStep ct) {
        if (ct.image().isBlank()) {
          problems.add(where + " has an empty image");
        }
        if (hasNul(ct.image())) {
          problems.add(where + " has an image containing a NUL character" + NUL_WHY);
        }
        checkArguments(where, "command", ct.command(), problems);
      }
      checkEnv("the env of " + where, step.options().env(), problems);
      if (step.options().cache().isPresent() && step instanceof dev.cloudnative.pipeline.JavaStep) {
        problems.add(
            where
                + " is a Java step and declares a cache: its code cannot be part of a cache key;"
                + " cache command, shell and container steps");
      }
      step.options()
          .workingDirectory()
          .filter(PipelineValidator::hasNul)
          .ifPresent(
              d ->
                  problems.add(
                      where + " has a working directory containing a NUL character" + NUL_WHY));
    }
  }

  /**
   * Every string a process receives is a C string, so a NUL would cut it short or make the start
   * fail; found here, it is a definition problem instead of a run-time failure.
   */
  private static boolean hasNul(String s) {
    return s.indexOf('\0') >= 0;
  }

  private static void checkArguments(
      String where, String field, List<String> args, List<String> problems) {
    for (int i = 0; i < args.size(); i++) {
      if (hasNul(args.get(i))) {
        problems.add(where + " has a NUL character in " + field + "[" + i + "]" + NUL_WHY);
      }
    }
  }

  private static void checkEnv(String where, Map<String, String> env, List<String> problems) {
    env.forEach(
        (k, v) -> {
          if (hasNul(k)) {
            problems.add(where + " has a variable name containing a NUL character" + NUL_WHY);
          } else if (hasNul(v)) {
            problems.add(where + ": the value of '" + k + "' contains a NUL character" + NUL_WHY);
          }
        });
  }

  private static Optional<List<String>> findCycle(Map<String, Stage> stages) {
    Map<String, Integer> colour = new HashMap<>(); // absent = white, 1 = on stack, 2 = done
    for (String start : stages.keySet()) {
      if (colour.containsKey(start)) {
        continue;
      }
      Deque<String> path = new ArrayDeque<>();
      Deque<java.util.Iterator<String>> iterators = new ArrayDeque<>();
      path.push(start);
      iterators.push(stages.get(start).needs().iterator());
      colour.put(start, 1);
      while (!path.isEmpty()) {
        java.util.Iterator<String> it = iterators.peek();
        if (it.hasNext()) {
          String next = it.next();
          if (!stages.containsKey(next)) {
            continue; // reported as unknown elsewhere
          }
          Integer c = colour.get(next);
          if (c == null) {
            colour.put(next, 1);
            path.push(next);
            iterators.push(stages.get(next).needs().iterator());
          } else if (c == 1) {
            List<String> stack = new ArrayList<>(path);
            java.util.Collections.reverse(stack); // start ... current
            List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(next), stack.size()));
            cycle.add(next);
            return Optional.of(cycle);
          }
        } else {
          colour.put(path.pop(), 2);
          iterators.pop();
        }
      }
    }
    return Optional.empty();
  }
}
