package dev.cloudnative.docker;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A log snapshot: lines in arrival order, each tagged with its stream.
 *
 * <p>Immutable and thread-safe.
 */
public record Logs(List<LogLine> lines) {
  public Logs {
    lines = List.copyOf(lines);
  }

  public String stdout() {
    return join(LogStream.STDOUT);
  }

  public String stderr() {
    return join(LogStream.STDERR);
  }

  private String join(LogStream stream) {
    return lines.stream()
        .filter(l -> l.stream() == stream)
        .map(l -> l.text() + "\n")
        .collect(Collectors.joining());
  }
}
