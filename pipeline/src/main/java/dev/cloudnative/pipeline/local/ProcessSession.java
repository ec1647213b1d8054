package dev.cloudnative.pipeline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts a process step in a session of its own and ends every process in that session.
 *
 * <p>Why a session: a process that forks twice ({@code sh -c '(sleep 100 &)'}) is re-parented to
 * init, so walking {@link ProcessHandle#descendants()} from the step no longer finds it, yet it
 * still holds the step's output pipes. Whoever its parent becomes, it stays in the step's process
 * group and session unless it moves itself. The step is started as {@code /usr/bin/setsid --
 * command...}: the JDK's child is never a process-group leader, so setsid(1) calls setsid(2)
 * without forking and execs the command under the same pid, which is therefore the step's session
 * id and process-group id.
 *
 * <p>Ending, after a timeout, a cancel and also the normal exit of the step: signal the group at
 * once ({@code kill -s SIG -- -PGID}, an argument list, so a process forking at that instant cannot
 * slip between two signals), then every process {@code /proc} lists in the session (a job-control
 * shell puts its jobs in other groups of the same session) and every descendant still reachable
 * from the root (this covers the instant before setsid(2) ran). SIGTERM first; processes left after
 * the grace period get SIGKILL, repeated until none is left. Zombies count as gone: they hold no
 * pipe. A process that calls setsid(2) itself leaves the session and is out of reach (only a cgroup
 * would hold it); the bounded drain still keeps it from hanging the run. Stateless, thread-safe.
 */
final class ProcessSession {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ProcessSession.class);

  /** The util-linux program that starts the step in a new session. */
  static final Path SETSID = Path.of("/usr/bin/setsid");

  private static final List<Path> KILL = List.of(Path.of("/usr/bin/kill"), Path.of("/bin/kill"));
  private static final Path PROC = Path.of("/proc");
  private static final Duration KILL_WAIT = Duration.ofSeconds(2);

  private ProcessSession() {}

  /** Why process steps cannot run in a session of their own here, if they cannot. */
  static Optional<String> unavailable() {
    if (Files.isExecutable(SETSID)) {
      return Optional.empty();
    }
    return Optional.of(
        SETSID
            + " (util-linux) is missing or not executable; the local runner starts every process"
            + " step in a session of its own so that a timeout, a cancel or the step's end kills"
            + " every process it started; install util-linux");
  }

  /** {@code command} started in a new session: {@code /usr/bin/setsid -- command...}. */
  static List<String> command(List<String> command) {
    List<String> all = new ArrayList<>(command.size() + 2);
    all.add(SETSID.toString());
    all.add("--"); // an executable whose name starts with '-' is not an option of setsid
    all.addAll(command);
    return all;
  }

  /**
   * Ends every process of the session whose leader is {@code root}: SIGTERM, then SIGKILL to what
   * is left after {@code grace}. Returns the number of processes other than the root that were
   * found.
   */
  static int end(ProcessHandle root, Duration grace) throws InterruptedException {
    long id = root.pid();
    if (!isRunning(root) && members(id).isEmpty()) {
      // the usual end of a step: it exited and left no process in its session or group, so there
      // is nothing to signal and nothing left that could fork; one look at /proc instead of the
      // sweeps below (each lists every process of the machine, which costs milliseconds)
      return 0;
    }
    Map<Long, ProcessHandle> known = new LinkedHashMap<>();
    signal(root, "TERM", known);
    signal(root, "TERM", known); // second sweep: processes forked while the first was sent
    if (!awaitGone(root, known, grace, null)) {
      awaitGone(root, known, KILL_WAIT, "KILL");
    }
    int others = known.containsKey(id) ? known.size() - 1 : known.size();
    List<ProcessHandle> left = alive(root, known);
    if (!left.isEmpty()) {
      LOG.warn(
          "processes {} of the step with pid {} survived SIGKILL",
          left.stream().map(ProcessHandle::pid).toList(),
          id);
    }
    return others;
  }

  /** Live (not zombie) processes whose process group or session is {@code id}. */
  static List<ProcessHandle> members(long id) {
    List<ProcessHandle> found = new ArrayList<>();
    if (!Files.isDirectory(PROC)) {
      return found;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path dir : dirs) {
        long[] ids = groupAndSession(dir.resolve("stat"));
        if (ids.length == 2 && (ids[0] == id || ids[1] == id)) {
          try {
            ProcessHandle.of(Long.parseLong(dir.getFileName().toString())).ifPresent(found::add);
          } catch (NumberFormatException e) {
            // not a process directory after all (the glob also matches "1x"); skip it
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("cannot list {}: {}", PROC, e.toString());
    }
    return found;
  }

  /**
   * {@code [pgrp, session]} of a running process from its {@code /proc/PID/stat}; empty for a
   * zombie or a process that vanished. The command name in parentheses may itself contain spaces
   * and parentheses, so the fields are counted from the last ')'.
   */
  private static long[] groupAndSession(Path stat) {
    String s;
    try {
      s = Files.readString(stat);
    } catch (IOException | UncheckedIOException e) {
      return new long[0]; // the process ended between listing and reading
    }
    int close = s.lastIndexOf(')');
    if (close < 0 || close + 2 >= s.length()) {
      return new long[0];
    }
    String[] f = s.substring(close + 2).split(" ", 5); // state ppid pgrp session rest
    if (f.length < 4 || f[0].equals("Z") || f[0].equals("X")) {
      return new long[0];
    }
    try {
      return new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])};
    } catch (NumberFormatException e) {
      return new long[0];
    }
  }

  private static void signal(ProcessHandle root, String signal, Map<Long, ProcessHandle> known) {
    long id = root.pid();
    known.putIfAbsent(id, root);
    if (root.isAlive()) {
      root.descendants().forEach(d -> known.putIfAbsent(d.pid(), d));
    }
    List<ProcessHandle> members = members(id);
    members.forEach(m -> known.putIfAbsent(m.pid(), m));
    if (!members.isEmpty()) {
      killGroup(id, signal);
    }
    for (ProcessHandle p : known.values()) {
      if (isRunning(p)) {
        if (signal.equals("KILL")) {
          p.destroyForcibly();
        } else {
          p.destroy();
        }
      }
    }
  }

  /** {@code kill -s SIGNAL -- -PGID}; a failure is logged, the per-process signals still follow. */
  private static void killGroup(long pgid, String signal) {
    Optional<Path> kill = KILL.stream().filter(Files::isExecutable).findFirst();
    if (kill.isEmpty()) {
      return;
    }
    try {
      Process p =
          new ProcessBuilder(kill.get().toString(), "-s", signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      LOG.debug("kill -s {} -- -{} failed: {}", signal, pgid, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the per-process signals still follow
    }
  }

  /**
   * Waits up to {@code limit} for every process of the step to be gone; with a {@code resend}
   * signal, sends it again on every round to catch processes forked by a dying parent.
   */
  private static boolean awaitGone(
      ProcessHandle root, Map<Long, ProcessHandle> known, Duration limit, String resend)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      if (resend != null) {
        signal(root, resend, known);
      }
      if (alive(root, known).isEmpty()) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(resend != null ? 20 : 10);
    }
  }

  private static List<ProcessHandle> alive(ProcessHandle root, Map<Long, ProcessHandle> known) {
    List<ProcessHandle> left = new ArrayList<>();
    for (ProcessHandle m : members(root.pid())) {
      known.putIfAbsent(m.pid(), m);
    }
    for (ProcessHandle p : known.values()) {
      if (isRunning(p)) {
        left.add(p);
      }
    }
    return left;
  }

  /** Alive and not a zombie (the zombie check needs Linux's /proc and is skipped elsewhere). */
  static boolean isRunning(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String s = Files.readString(PROC.resolve(Long.toString(p.pid())).resolve("stat"));
      int close = s.lastIndexOf(')');
      char state = close >= 0 && close + 2 < s.length() ? s.charAt(close + 2) : 'R';
      return state != 'Z' && state != 'X';
    } catch (IOException | UncheckedIOException e) {
      return p.isAlive(); // no /proc (not Linux) or the process vanished meanwhile
    }
  }
}
