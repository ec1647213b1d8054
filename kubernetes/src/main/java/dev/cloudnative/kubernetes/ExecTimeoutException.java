package dev.cloudnative.kubernetes;

import java.time.Duration;

/**
 * A command run in a pod ({@link Cluster#exec}) was still running when the caller's timeout passed;
 * the exec session is closed (on a real cluster the process in the container may keep running, as
 * with {@code kubectl exec} when the client goes away).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class ExecTimeoutException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /**
   * @param command the argument list, for the message
   * @param cause what the client saw (its own timeout), or null
   */
  public ExecTimeoutException(
      String namespace, String pod, Object command, Duration timeout, Throwable cause) {
    super(
        "exec " + command + " in pod " + namespace + "/" + pod + " still running after " + timeout,
        "Pod",
        namespace,
        pod,
        0,
        cause);
    this.timeout = timeout;
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
