package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.StopReason;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides, after a failed attempt, whether the call stops or retries, in Envoy's order: the policy
 * must cover the failure ({@code retry_on}, retriable status codes, the custom predicate), an
 * attempt must be left ({@code num_retries}), the service's retry budget must allow one more
 * concurrent retry, and the backoff must end before the overall deadline. The first rule that
 * refuses names the {@link StopReason}. Separate from the attempt loop so that the rules read in
 * one place, in the order they apply. Stateless; thread-safe.
 */
final class RetryDecision {

  private RetryDecision() {}

  /**
   * The rules that need no backoff: the failure's class, the attempts left and the budget.
   *
   * @param attempt the number of the attempt that failed (1 = the first)
   * @param failure what the attempt threw, or {@code null} when it answered {@code status}
   * @return why the call stops, or {@code null} when it may retry (no allocation for either)
   */
  static StopReason stopOrNull(
      RetryPolicy retry, ServiceRuntime svc, int attempt, Throwable failure, int status) {
    boolean retryable = failure != null ? retry.retriesOn(failure) : retry.retriesOnStatus(status);
    if (!retryable) {
      return StopReason.NOT_RETRYABLE;
    }
    if (attempt >= retry.maxAttempts()) {
      return StopReason.ATTEMPTS_EXHAUSTED;
    }
    if (!retry.budget().allows(svc.activeRetryCount(), svc.activeRequestCount())) {
      return StopReason.RETRY_BUDGET_EXHAUSTED;
    }
    return null;
  }

  /**
   * @return the backoff before retry number {@code attempt} (jittered), for a call that may retry
   */
  static long backoffNanos(RetryPolicy retry, int attempt) {
    return retry.backoffNanos(attempt, ThreadLocalRandom.current().nextDouble());
  }

  /**
   * The last rule: a retry whose backoff would end at or past the deadline is not started, since it
   * could not finish in time and would only hold a thread.
   *
   * @param nowNanos the clock reading at the failed attempt's end
   */
  static boolean backoffPassesDeadline(long deadline, long nowNanos, long backoffNanos) {
    return Deadlines.reached(deadline, nowNanos + backoffNanos);
  }
}
