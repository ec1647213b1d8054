package dev.cloudnative.mesh;

/**
 * The monotonic time source of the mesh, in nanoseconds. Every time-dependent decision (sliding
 * windows, open-state wait, ejection time, backoff, deadlines) reads this clock, so tests can drive
 * state machines deterministically.
 *
 * <p>Implementations must be thread-safe and monotonic (never go backwards).
 */
@FunctionalInterface
public interface MeshClock {

  /**
   * @return the current time in nanoseconds on an arbitrary but fixed origin, like {@link
   *     System#nanoTime()}
   */
  long nanoTime();

  /**
   * @return the system monotonic clock ({@link System#nanoTime()})
   */
  static MeshClock system() {
    return System::nanoTime;
  }
}
