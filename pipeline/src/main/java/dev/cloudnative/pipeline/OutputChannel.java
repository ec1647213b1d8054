package dev.cloudnative.pipeline;

/** Which stream of a step an output line came from. Immutable enum, thread-safe. */
public enum OutputChannel {
  /** Standard output (or {@link StepLogger#info(String)} of a Java step). */
  STDOUT,
  /** Standard error (or {@link StepLogger#error(String)} of a Java step). */
  STDERR
}
