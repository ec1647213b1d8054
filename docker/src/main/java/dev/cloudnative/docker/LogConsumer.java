package dev.cloudnative.docker;

/**
 * Receives followed log lines in the order the container wrote them (per stream). Called from one
 * engine thread at a time, so implementations need not be thread-safe with respect to themselves;
 * they must not block for long.
 */
@FunctionalInterface
public interface LogConsumer {
  void accept(LogLine line);
}
