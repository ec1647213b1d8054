package dev.cloudnative.pipeline;

/**
 * The code of a {@link JavaStep}. Returning normally means success; throwing means failure. The
 * task should honour thread interruption, which is how timeouts and cancellation reach it.
 * Implementations must be thread-safe if one pipeline instance runs concurrently.
 */
@FunctionalInterface
public interface JavaTask {
  /** Does the work, reporting through {@code context}. */
  void run(StepContext context) throws Exception;
}
