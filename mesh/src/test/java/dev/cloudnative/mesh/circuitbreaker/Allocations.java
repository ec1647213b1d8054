package dev.cloudnative.mesh.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/**
 * Measures the bytes a piece of code allocates on the current thread (HotSpot's thread allocation
 * counter).
 */
public final class Allocations {

  private Allocations() {}

  /**
   * Runs {@code work} three times (warm-up) and asserts that the last run allocated (almost)
   * nothing.
   */
  public static void assertNoAllocation(Runnable work) {
    long allocated = bytesOfLastRun(work);
    // A few hundred bytes of slack for the measurement itself (and a possible one-off lazy init).
    assertThat(allocated).as("bytes allocated by the measured loop").isLessThan(1024);
  }

  /**
   * Runs {@code work} three times (warm-up) and returns the bytes the last run allocated on this
   * thread.
   */
  public static long bytesOfLastRun(Runnable work) {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    work.run();
    work.run();
    long before = bean.getThreadAllocatedBytes(id);
    work.run();
    return bean.getThreadAllocatedBytes(id) - before;
  }
}
