package dev.cloudnative.storage.replication;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Jepsen-style history: every client operation with its start and end (nanoseconds since the test
 * began), outcome and value or version, and every nemesis event, so that a failed check can be
 * explained from the file it writes. Thread-safe (concurrent queues).
 */
final class OpHistory {
  /** What a call returned: acknowledged, refused (quorum not reached) or failed otherwise. */
  enum Outcome {
    OK,
    REFUSED,
    FAILED
  }

  /**
   * One client call.
   *
   * @param process the writer thread
   * @param kind put, delete or read
   * @param key the key
   * @param value the value written, or read (null for a delete or an empty read)
   * @param version the version returned, or read (null when none)
   * @param start nanoseconds since the test began
   * @param end nanoseconds since the test began
   * @param outcome what the call returned
   * @param detail the exception message, if any
   */
  record Op(
      int process,
      String kind,
      String key,
      String value,
      String version,
      long start,
      long end,
      Outcome outcome,
      String detail) {
    long millis() {
      return (end - start) / 1_000_000;
    }
  }

  private final long t0 = System.nanoTime();
  private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

  long now() {
    return System.nanoTime() - t0;
  }

  void add(Op op) {
    ops.add(op);
  }

  void event(String what) {
    events.add(String.format("%10.3f nemesis %s", now() / 1e9, what));
  }

  List<Op> ops() {
    return new ArrayList<>(ops);
  }

  /** Writes events and operations in start order, one a line. */
  void writeTo(Path file, List<String> verdict) throws IOException {
    Files.createDirectories(file.getParent());
    List<String> lines = new ArrayList<>(events);
    for (Op o : ops) {
      lines.add(
          String.format(
              "%10.3f %10.3f p%d %-6s %-14s %-8s value=%s version=%s %s",
              o.start() / 1e9,
              o.end() / 1e9,
              o.process(),
              o.kind(),
              o.key(),
              o.outcome(),
              o.value(),
              o.version(),
              o.detail() == null ? "" : o.detail()));
    }
    lines.sort(Comparator.comparing(l -> Double.parseDouble(l.substring(0, 10).trim())));
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      for (String v : verdict) {
        w.println("# " + v);
      }
      lines.forEach(w::println);
    }
  }
}
