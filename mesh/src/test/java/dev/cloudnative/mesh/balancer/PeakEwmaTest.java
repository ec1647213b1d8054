package dev.cloudnative.mesh.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cloudnative.mesh.PeakEwmaConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The estimator alone, on explicit clock readings. */
class PeakEwmaTest {

  private static final long MS = 1_000_000L;
  private static final long T0 = 1_000_000_000_000L;

  private static final PeakEwmaConfig CONFIG =
      PeakEwmaConfig.custom()
          .decay(Duration.ofSeconds(10))
          .defaultRtt(Duration.ofMillis(30))
          .failurePenalty(5)
          .maxRtt(Duration.ofSeconds(30))
          .build();

  @Test
  void startsAtTheDefaultAndTheFirstAnswerReplacesIt() {
    PeakEwma e = new PeakEwma(CONFIG, T0);
    assertThat(e.observed()).isFalse();
    assertThat(e.estimateNanos(T0)).isEqualTo(30.0 * MS);
    e.observe(2 * MS, T0 + MS);
    assertThat(e.observed()).isTrue();
    assertThat(e.estimateNanos(T0 + MS)).isEqualTo(2.0 * MS);
  }

  @Test
  void aNewEndpointCostsOnlyItsOutstandingRequestsUntilItAnswers() {
    PeakEwma e = new PeakEwma(CONFIG, T0);
    assertThat(e.cost(0, T0 + 60_000 * MS)).isZero();
    assertThat(e.cost(2, T0 + 60_000 * MS)).isEqualTo(60.0 * MS);
    e.observe(4 * MS, T0);
    assertThat(e.cost(0, T0)).isEqualTo(4.0 * MS);
    assertThat(e.cost(2, T0)).isEqualTo(12.0 * MS);
  }

  @Test
  void aPeakIsTakenAtOnce() {
    PeakEwma e = new PeakEwma(CONFIG, T0);
    e.observe(2 * MS, T0);
    e.observe(40 * MS, T0 + 5 * MS);
    assertThat(e.estimateNanos(T0 + 5 * MS)).isEqualTo(40.0 * MS);
  }

  @Test
  void lowerAnswersLetTheEstimateDecayByTimeNotByCount() {
    PeakEwma e = new PeakEwma(CONFIG, T0);
    e.observe(100 * MS, T0);
    // One decay time later a lower answer finds e^-1 of the old estimate.
    e.observe(0, T0 + 10_000 * MS);
    assertThat(e.estimateNanos(T0 + 10_000 * MS)).isCloseTo(100.0 * MS / Math.E, within(0.5 * MS));
    // Many answers close together move it little.
    PeakEwma f = new PeakEwma(CONFIG, T0);
    f.observe(100 * MS, T0);
    for (int i = 1; i <= 10; i++) {
      f.observe(0, T0 + i * 2 * MS);
    }
    assertThat(f.estimateNanos(T0 + 20 * MS)).isGreaterThan(99.0 * MS);
  }

  @Test
  void readingDecaysTowardsZeroWithoutWriting() {
    PeakEwma e = new PeakEwma(CONFIG, T0);
    e.observe(100 * MS, T0);
    assertThat(e.estimateNanos(T0 + 10_000 * MS)).isCloseTo(100.0 * MS / Math.E, within(0.1 * MS));
    assertThat(e.estimateNanos(T0 + 60_000 * MS)).isLessThan(0.3 * MS);
    // Nothing was written by the reads: the estimate at the observation's time is unchanged.
    assertThat(e.estimateNanos(T0)).isEqualTo(100.0 * MS);
  }

  @Test
  void aFastFailureCountsAsSlow() {
    PeakEwma e = new PeakEwma(CONFIG, T0);
    e.observe(2 * MS, T0);
    e.observeFailure(0, T0 + MS);
    // 5 × max(2 ms, the 30 ms default).
    assertThat(e.estimateNanos(T0 + MS)).isCloseTo(150.0 * MS, within(0.1 * MS));
    e.observeFailure(0, T0 + 2 * MS);
    assertThat(e.estimateNanos(T0 + 2 * MS)).isCloseTo(750.0 * MS, within(1.0 * MS));
  }

  @Test
  void failuresNeverPushPastTheMaximum() {
    PeakEwma e = new PeakEwma(CONFIG, T0);
    for (int i = 0; i < 50; i++) {
      e.observeFailure(0, T0 + i * MS);
    }
    // A float of nanoseconds: 30 s within its 24-bit precision.
    assertThat(e.estimateNanos(T0 + 49 * MS)).isCloseTo(30_000.0 * MS, within(0.01 * MS));
    e.observe(Long.MAX_VALUE, T0 + 50 * MS);
    assertThat(e.estimateNanos(T0 + 50 * MS)).isCloseTo(30_000.0 * MS, within(0.01 * MS));
  }

  @Test
  void aReadingTakenBeforeTheLastObservationSeesItUndecayed() {
    // A pick reads the clock, then another thread records an answer that ended later.
    PeakEwma e = new PeakEwma(CONFIG, T0);
    e.observe(100 * MS, T0 + 50 * MS);
    assertThat(e.estimateNanos(T0 + 40 * MS)).isEqualTo(100.0 * MS);
    assertThat(e.cost(0, T0 + 40 * MS)).isEqualTo(100.0 * MS);
    assertThat(e.cost(1, T0)).isEqualTo(200.0 * MS);
    // A lower answer stamped before the last one leaves the estimate and its time as they were.
    e.observe(2 * MS, T0 + 30 * MS);
    assertThat(e.estimateNanos(T0 + 50 * MS)).isEqualTo(100.0 * MS);
    assertThat(e.estimateNanos(T0 + 50 * MS + 10_000 * MS))
        .isCloseTo(100.0 * MS / Math.E, within(0.1 * MS));
    // A higher one is a peak whatever its time, and the later stamp stays.
    e.observe(300 * MS, T0 + 20 * MS);
    assertThat(e.estimateNanos(T0 + 50 * MS)).isEqualTo(300.0 * MS);
    assertThat(e.estimateNanos(T0 + 50 * MS + 10_000 * MS))
        .isCloseTo(300.0 * MS / Math.E, within(0.2 * MS));
  }

  @Test
  void survivesAClockThatCrossesZero() {
    PeakEwma e = new PeakEwma(CONFIG, -5 * MS);
    e.observe(100 * MS, -5 * MS);
    assertThat(e.estimateNanos(10_000 * MS - 5 * MS))
        .isCloseTo(100.0 * MS / Math.E, within(0.1 * MS));
  }

  @Test
  void theConfigRefusesValuesOutsideItsRanges() {
    assertThatThrownBy(() -> PeakEwmaConfig.custom().decay(Duration.ofMillis(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("decay was PT0.001S; allowed 10 ms..1 day");
    assertThatThrownBy(() -> PeakEwmaConfig.custom().failurePenalty(0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failurePenalty was 0.5; allowed a finite factor >= 1");
    assertThatThrownBy(() -> PeakEwmaConfig.custom().failurePenalty(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () ->
                PeakEwmaConfig.custom()
                    .defaultRtt(Duration.ofSeconds(2))
                    .maxRtt(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("defaultRtt was PT2S; allowed > 0 and <= maxRtt (PT1S)");
    assertThatThrownBy(() -> PeakEwmaConfig.custom().maxRtt(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRtt was PT0S");
    assertThatThrownBy(() -> PeakEwmaConfig.custom().decay(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("decay");
    assertThat(PeakEwmaConfig.ofDefaults())
        .isEqualTo(
            new PeakEwmaConfig(
                Duration.ofSeconds(10), Duration.ofMillis(30), 5.0, Duration.ofSeconds(30)));
  }

  @Test
  void fastExponentialIsAccurateEnough() {
    for (double x = 0; x > -60; x -= 0.037) {
      double exact = Math.exp(x);
      assertThat(PeakEwma.expNegative(x)).isCloseTo(exact, within(exact * 3e-5));
    }
    assertThat(PeakEwma.expNegative(-1e6)).isZero();
  }
}
