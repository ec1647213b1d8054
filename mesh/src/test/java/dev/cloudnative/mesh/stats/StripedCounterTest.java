package dev.cloudnative.mesh.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.LatencySnapshot;
import dev.cloudnative.mesh.StartTogether;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The striped counter and the striped latency histogram count exactly what many threads add,
 * whichever stripes the threads map to, and a reset that races with adds loses none of them.
 */
class StripedCounterTest {

  @Test
  void aNewCounterIsZeroAndOneThreadCountsExactly() {
    StripedCounter c = new StripedCounter();
    assertThat(c.sum()).isZero();
    c.increment();
    c.increment();
    c.add(40);
    c.decrement();
    assertThat(c.sum()).isEqualTo(41);
    assertThat(c).hasToString("41");
    assertThat(c.sumThenReset()).isEqualTo(41);
    assertThat(c.sum()).isZero();
  }

  @Test
  void threadsOnManyStripesAddUpExactly() throws InterruptedException {
    StripedCounter c = new StripedCounter();
    // more threads than stripes, so some share a cell
    StartTogether.run(
        3 * StripedCounter.STRIPES,
        () -> {
          for (int i = 0; i < 10_000; i++) {
            c.increment();
            c.add(2);
            c.decrement();
          }
        });
    assertThat(c.sum()).isEqualTo(3L * StripedCounter.STRIPES * 20_000);
  }

  @Test
  void aResetRacingWithAddsLosesNothing() throws InterruptedException {
    StripedCounter c = new StripedCounter();
    AtomicBoolean adding = new AtomicBoolean(true);
    long[] taken = new long[1];
    Thread resetter =
        new Thread(
            () -> {
              while (adding.get()) {
                taken[0] += c.sumThenReset();
              }
            });
    resetter.start();
    StartTogether.run(
        4,
        () -> {
          for (int i = 0; i < 50_000; i++) {
            c.increment();
          }
        });
    adding.set(false);
    resetter.join();
    assertThat(taken[0] + c.sumThenReset()).isEqualTo(200_000);
  }

  @Test
  void theLatencyHistogramAddsEveryThreadsStripe() throws InterruptedException {
    LatencyRecorder recorder = new LatencyRecorder();
    StartTogether.run(
        8,
        () -> {
          for (int i = 1; i <= 1_000; i++) {
            recorder.record(i * 1_000L);
          }
        });
    LatencySnapshot s = recorder.snapshot();
    assertThat(s.count()).isEqualTo(8_000);
    assertThat(s.sumNanos()).isEqualTo(8L * 1_000L * 500_500L);
    assertThat(s.maxNanos()).isEqualTo(1_000_000L);
  }
}
