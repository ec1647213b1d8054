package dev.cloudnative.mesh.outlier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.ManualClock;
import dev.cloudnative.mesh.OutlierDetectionConfig;
import dev.cloudnative.mesh.event.EndpointEjectedEvent;
import dev.cloudnative.mesh.event.MeshEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {

  private final ManualClock clock = new ManualClock();
  private final List<MeshEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger changes = new AtomicInteger();

  private OutlierState[] states(int n) {
    OutlierState[] s = new OutlierState[n];
    for (int i = 0; i < n; i++) {
      s[i] = new OutlierState("e" + i);
    }
    return s;
  }

  private OutlierDetector detector(OutlierDetectionConfig config, OutlierState[] members) {
    OutlierDetector d =
        new OutlierDetector("svc", config, clock, events::add, changes::incrementAndGet);
    d.setMembers(members);
    return d;
  }

  @Test
  void successResetsTheConsecutiveCount() {
    OutlierState[] s = states(2);
    OutlierDetector d =
        detector(
            OutlierDetectionConfig.custom().consecutiveFailures(3).maxEjectionPercent(50).build(),
            s);
    d.onFailure(s[0], clock.nanoTime());
    d.onFailure(s[0], clock.nanoTime());
    d.onSuccess(s[0]);
    d.onFailure(s[0], clock.nanoTime());
    d.onFailure(s[0], clock.nanoTime());
    assertThat(s[0].ejected()).isFalse();
    d.onFailure(s[0], clock.nanoTime());
    assertThat(s[0].ejected()).isTrue();
    assertThat(changes).hasValue(1);
  }

  @Test
  void maxEjectionPercentCapsEjectionsButAllowsOne() {
    OutlierState[] s = states(4);
    OutlierDetector d =
        detector(
            OutlierDetectionConfig.custom().consecutiveFailures(1).maxEjectionPercent(10).build(),
            s);
    for (OutlierState state : s) {
      d.onFailure(state, clock.nanoTime());
    }
    long ejected = java.util.Arrays.stream(s).filter(OutlierState::ejected).count();
    assertThat(ejected)
        .as("10%% of 4 rounds down to 0, but one may always be ejected")
        .isEqualTo(1);
  }

  @Test
  void ejectionTimeGrowsAndIsCapped() {
    OutlierState[] s = states(2);
    OutlierDetector d =
        detector(
            OutlierDetectionConfig.custom()
                .consecutiveFailures(1)
                .maxEjectionPercent(50)
                .baseEjectionTime(Duration.ofSeconds(10))
                .maxEjectionTime(Duration.ofSeconds(25))
                .interval(Duration.ofHours(1))
                .build(),
            s);
    long[] expected = {10, 20, 25, 25};
    for (long seconds : expected) {
      long now = clock.nanoTime();
      d.onFailure(s[0], now);
      assertThat(s[0].ejectedUntil() - now).isEqualTo(Duration.ofSeconds(seconds).toNanos());
      clock.advance(Duration.ofSeconds(seconds));
      d.sweep(clock.nanoTime());
      assertThat(s[0].ejected()).isFalse();
    }
  }

  @Test
  void ejectionCountDecaysWhileHealthy() {
    OutlierState[] s = states(2);
    OutlierDetector d =
        detector(
            OutlierDetectionConfig.custom()
                .consecutiveFailures(1)
                .maxEjectionPercent(50)
                .baseEjectionTime(Duration.ofSeconds(10))
                .interval(Duration.ofSeconds(10))
                .build(),
            s);
    d.onFailure(s[0], clock.nanoTime());
    clock.advance(Duration.ofSeconds(10));
    d.sweep(clock.nanoTime());
    assertThat(s[0].ejected()).isFalse();
    assertThat(s[0].ejections()).as("one interval back in service").isZero();
  }

  @Test
  void successRateOutliersAreEjectedAtTheInterval() {
    OutlierState[] s = states(6);
    OutlierDetector d =
        detector(
            OutlierDetectionConfig.custom()
                .consecutiveFailures(1_000)
                .successRate(5, 100, 1.9)
                .maxEjectionPercent(50)
                .interval(Duration.ofSeconds(10))
                .build(),
            s);
    for (int i = 0; i < 6; i++) {
      for (int call = 0; call < 200; call++) {
        boolean fails = i == 4 ? call % 2 == 0 : call % 50 == 0;
        if (fails) {
          d.onFailure(s[i], clock.nanoTime());
        } else {
          d.onSuccess(s[i]);
        }
      }
    }
    d.maybeSweep(clock.nanoTime());
    assertThat(s[4].ejected()).as("not before the interval").isFalse();
    clock.advance(Duration.ofSeconds(10));
    d.maybeSweep(clock.nanoTime());
    assertThat(s)
        .filteredOn(OutlierState::ejected)
        .extracting(OutlierState::endpointId)
        .containsExactly("e4");
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            EndpointEjectedEvent.class, e -> assertThat(e.cause()).isEqualTo("success-rate"));
  }

  @Test
  void successRateNeedsEnoughHostsWithVolume() {
    OutlierState[] s = states(3);
    OutlierDetector d =
        detector(
            OutlierDetectionConfig.custom()
                .consecutiveFailures(1_000)
                .successRate(5, 10, 1.0)
                .maxEjectionPercent(50)
                .interval(Duration.ofSeconds(1))
                .build(),
            s);
    for (int call = 0; call < 100; call++) {
      d.onSuccess(s[0]);
      d.onSuccess(s[1]);
      d.onFailure(s[2], clock.nanoTime());
    }
    clock.advance(Duration.ofSeconds(1));
    d.maybeSweep(clock.nanoTime());
    assertThat(s[2].ejected()).as("3 hosts < minimum of 5").isFalse();
  }

  @Test
  void failurePercentageEjects() {
    OutlierState[] s = states(5);
    OutlierDetector d =
        detector(
            OutlierDetectionConfig.custom()
                .consecutiveFailures(1_000)
                .failurePercentage(40, 5, 20)
                .maxEjectionPercent(100)
                .interval(Duration.ofSeconds(1))
                .build(),
            s);
    for (int i = 0; i < 5; i++) {
      for (int call = 0; call < 50; call++) {
        if (i == 1 && call % 2 == 0) {
          d.onFailure(s[i], clock.nanoTime());
        } else {
          d.onSuccess(s[i]);
        }
      }
    }
    clock.advance(Duration.ofSeconds(1));
    d.maybeSweep(clock.nanoTime());
    assertThat(s)
        .filteredOn(OutlierState::ejected)
        .extracting(OutlierState::endpointId)
        .containsExactly("e1");
  }
}
