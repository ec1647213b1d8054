package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.MeshException;
import dev.cloudnative.mesh.StopReason;
import java.util.concurrent.TimeUnit;

/**
 * The waits a call makes on its own thread (a retry's backoff, a fault's delay). They are real
 * sleeps, not mesh-clock time, because they hold back a real thread. An interrupt ends the call: it
 * is counted as {@link StopReason#INTERRUPTED} and reported as a {@link MeshException}, with the
 * thread's interrupt status kept for the caller. Stateless; thread-safe.
 */
final class Pauses {

  private Pauses() {}

  /**
   * @param during what the call waits for, for the message ("backing off before a retry")
   * @param callStart the clock reading at the call's start, for its duration
   * @throws MeshException when the thread is interrupted
   */
  static void sleep(ServiceRuntime svc, long nanos, String during, long callStart) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      svc.stopped(StopReason.INTERRUPTED, callStart);
      throw new MeshException(svc.name, StopReason.INTERRUPTED, "Interrupted while " + during, e);
    }
  }
}
