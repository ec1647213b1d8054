package dev.cloudnative.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one piece of work on several new threads released at the same moment, and waits for them
 * all: the shape of every concurrency test of the module's counters and windows.
 */
public final class StartTogether {

  private StartTogether() {}

  /** Starts {@code threads} threads running {@code work} together and joins them. */
  public static void run(int threads, Runnable work) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                work.run();
              });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
  }
}
