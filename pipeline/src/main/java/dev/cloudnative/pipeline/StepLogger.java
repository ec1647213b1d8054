package dev.cloudnative.pipeline;

/**
 * Writes lines into a Java step's output, exactly as a process's stdout/stderr lines are: streamed
 * to listeners and kept in the step's tail. Thread-safe.
 */
public interface StepLogger {
  /** Writes one stdout line. */
  void info(String line);

  /** Writes one stderr line. */
  void error(String line);
}
