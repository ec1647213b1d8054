package dev.cloudnative.mesh;

/**
 * Caps retries relative to the traffic (Envoy's retry budget): active retries of a service may not
 * exceed {@code budgetPercent} of its active requests, but {@code minRetryConcurrency} retries are
 * always allowed so a quiet service can still retry. Immutable; thread-safe.
 *
 * @param budgetPercent retries as a percentage of active requests, 0..100 (default 20)
 * @param minRetryConcurrency retries always allowed at once, >= 0 (default 3)
 */
public record RetryBudget(double budgetPercent, int minRetryConcurrency) {

  private static final RetryBudget DEFAULT = new RetryBudget(20, 3);

  public RetryBudget {
    if (!(budgetPercent >= 0 && budgetPercent <= 100)) {
      throw new IllegalArgumentException("budgetPercent was " + budgetPercent + "; allowed 0..100");
    }
    if (minRetryConcurrency < 0) {
      throw new IllegalArgumentException(
          "minRetryConcurrency was " + minRetryConcurrency + "; allowed >= 0");
    }
  }

  /**
   * @return 20% of active requests, at least 3 concurrent retries
   */
  public static RetryBudget ofDefaults() {
    return DEFAULT;
  }

  /**
   * @return whether one more retry fits when {@code activeRetries} retries and {@code
   *     activeRequests} requests run
   */
  public boolean allows(int activeRetries, int activeRequests) {
    return activeRetries
        < Math.max(minRetryConcurrency, (long) Math.floor(activeRequests * budgetPercent / 100.0));
  }
}
