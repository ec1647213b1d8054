package dev.cloudnative.mesh;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Thrown when the call to an endpoint failed with an exception and no retry was allowed or left:
 * the failure is not retryable, the attempts are exhausted, the retry budget is spent, the deadline
 * is reached, or no endpoint is left to retry on ({@link #stopReason()} says which). The cause is
 * the last attempt's failure. Immutable and thread-safe.
 */
public final class UpstreamCallException extends MeshException {

  private static final long serialVersionUID = 1L;

  // An EnumSet so that the refusal's message lists the reasons in a stable order.
  private static final Set<StopReason> ALLOWED =
      EnumSet.of(
          StopReason.NOT_RETRYABLE,
          StopReason.ATTEMPTS_EXHAUSTED,
          StopReason.RETRY_BUDGET_EXHAUSTED,
          StopReason.DEADLINE_EXCEEDED,
          StopReason.NO_HEALTHY_ENDPOINT);

  private final Endpoint endpoint;
  private final int attempts;

  /**
   * @param service the logical service the call was addressed to
   * @param endpoint the endpoint of the last attempt
   * @param attempts how many attempts were made
   * @param stopReason why no further attempt was made: {@code NOT_RETRYABLE}, {@code
   *     ATTEMPTS_EXHAUSTED}, {@code RETRY_BUDGET_EXHAUSTED}, {@code DEADLINE_EXCEEDED} or {@code
   *     NO_HEALTHY_ENDPOINT}
   * @param cause the last attempt's failure
   * @throws IllegalArgumentException when {@code stopReason} is none of those
   */
  public UpstreamCallException(
      String service, Endpoint endpoint, int attempts, StopReason stopReason, Throwable cause) {
    this(service, endpoint, attempts, stopReason, why(stopReason), cause);
  }

  /**
   * A retry found no endpoint to go to: the stop reason is {@link StopReason#NO_HEALTHY_ENDPOINT}
   * and {@code noneLeft}, which says why, is attached as a suppressed exception.
   *
   * @param service the logical service the call was addressed to
   * @param endpoint the endpoint of the last attempt
   * @param attempts how many attempts were made
   * @param noneLeft the refusal of the subset to give the retry an endpoint
   * @param cause the last attempt's failure
   */
  public UpstreamCallException(
      String service,
      Endpoint endpoint,
      int attempts,
      NoHealthyEndpointException noneLeft,
      Throwable cause) {
    this(
        service,
        endpoint,
        attempts,
        StopReason.NO_HEALTHY_ENDPOINT,
        "no endpoint left to retry on ("
            + Objects.requireNonNull(noneLeft, "noneLeft").reason()
            + ")",
        cause);
    addSuppressed(noneLeft);
  }

  private UpstreamCallException(
      String service,
      Endpoint endpoint,
      int attempts,
      StopReason stopReason,
      String why,
      Throwable cause) {
    super(
        service,
        stopReason,
        "Call to service '"
            + service
            + "' failed on endpoint "
            + Objects.requireNonNull(endpoint, "endpoint").id()
            + " after "
            + attempts
            + " attempt(s): "
            + why
            + ": "
            + cause,
        cause);
    this.endpoint = endpoint;
    this.attempts = attempts;
  }

  private static String why(StopReason stopReason) {
    Objects.requireNonNull(stopReason, "stopReason");
    if (!ALLOWED.contains(stopReason)) {
      throw new IllegalArgumentException(
          "stopReason was " + stopReason + "; allowed one of " + ALLOWED);
    }
    return stopReason == StopReason.NO_HEALTHY_ENDPOINT
        ? "no endpoint left to retry on"
        : stopReason.phrase();
  }

  /**
   * @return the endpoint of the last attempt
   */
  public Endpoint endpoint() {
    return endpoint;
  }

  /**
   * @return how many attempts were made
   */
  public int attempts() {
    return attempts;
  }
}
