package dev.cloudnative.pipeline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops a process and everything it started.
 *
 * <p>Algorithm: while the root is still alive, snapshot its descendants (once a parent dies its
 * children are re-parented and can no longer be found from the root). Send SIGTERM deepest-first,
 * then to the root, so a parent does not respawn or report a child that is about to die. Snapshot
 * again to catch processes forked in between. Wait up to the grace period for every known process
 * to exit, then SIGKILL the survivors, again descendants first. Stateless, thread-safe.
 */
final class ProcessTree {

  private ProcessTree() {}

  /**
   * Terminates {@code root} and its descendants; returns once all known processes have exited or
   * were sent SIGKILL and given a short moment to die.
   */
  static void kill(ProcessHandle root, Duration grace) throws InterruptedException {
    Map<Long, ProcessHandle> known = new LinkedHashMap<>();
    terminate(root, known);
    terminate(root, known); // second sweep: children forked while the first SIGTERMs were sent
    if (!awaitExit(known.values(), grace)) {
      List<ProcessHandle> survivors = new ArrayList<>();
      for (ProcessHandle p : known.values()) {
        if (isRunning(p)) {
          survivors.add(p);
        }
      }
      for (ProcessHandle p : survivors) {
        p.descendants().forEach(d -> known.putIfAbsent(d.pid(), d));
      }
      List<ProcessHandle> order = new ArrayList<>(known.values());
      Collections.reverse(order); // deepest (last discovered) first, root last
      for (ProcessHandle p : order) {
        if (isRunning(p)) {
          p.destroyForcibly();
        }
      }
      awaitExit(known.values(), Duration.ofSeconds(2));
    }
  }

  private static void terminate(ProcessHandle root, Map<Long, ProcessHandle> known) {
    List<ProcessHandle> descendants = root.isAlive() ? root.descendants().toList() : List.of();
    List<ProcessHandle> order = new ArrayList<>(descendants);
    Collections.reverse(order); // descendants() lists parents before their children
    known.putIfAbsent(root.pid(), root);
    for (ProcessHandle d : descendants) {
      known.putIfAbsent(d.pid(), d);
    }
    for (ProcessHandle p : order) {
      p.destroy();
    }
    root.destroy();
  }

  /**
   * Polls rather than using {@link ProcessHandle#onExit()}: for a process that is not our child the
   * JDK can only see it vanish once its new parent reaps it, and under a PID 1 that never reaps
   * (common in containers) a killed grandchild stays a zombie forever, which would make every kill
   * wait for the full grace period. A zombie has exited and released its pipes, so it counts as
   * gone.
   */
  private static boolean awaitExit(Iterable<ProcessHandle> processes, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      boolean anyAlive = false;
      for (ProcessHandle p : processes) {
        if (isRunning(p)) {
          anyAlive = true;
          break;
        }
      }
      if (!anyAlive) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(10);
    }
  }

  /** Alive and not a zombie (the zombie check needs Linux's /proc and is skipped elsewhere). */
  static boolean isRunning(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
    try {
      String s = Files.readString(stat);
      int close = s.lastIndexOf(')');
      char state = close >= 0 && close + 2 < s.length() ? s.charAt(close + 2) : 'R';
      return state != 'Z' && state != 'X';
    } catch (IOException | UncheckedIOException e) {
      return p.isAlive(); // no /proc (not Linux) or the process vanished meanwhile
    }
  }
}
