package dev.cloudnative.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.storage.replication.HybridLogicalClock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void hexEncodingOrdersLikeCompareTo() {
    SplittableRandom rnd = new SplittableRandom(5);
    List<Version> vs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      vs.add(new Version(rnd.nextLong(Long.MAX_VALUE), rnd.nextLong()));
    }
    vs.add(new Version(0, 0));
    vs.add(new Version(Long.MAX_VALUE, -1));
    for (int i = 1; i < vs.size(); i++) {
      Version a = vs.get(i - 1);
      Version b = vs.get(i);
      assertThat(Integer.signum(a.toHex().compareTo(b.toHex())))
          .isEqualTo(Integer.signum(a.compareTo(b)));
      assertThat(Version.fromHex(a.toHex())).isEqualTo(a);
    }
  }

  @Test
  void rejectsNegativeTimestampAndBadHex() {
    assertThatThrownBy(() -> new Version(-1, 0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Version.fromHex("abc"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("32")
        .hasMessageContaining("'abc'");
    assertThatThrownBy(() -> Version.fromHex("z".repeat(Version.HEX_LENGTH)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("hex digits");
  }

  @Test
  void hybridLogicalClockIsStrictlyIncreasingAndFollowsObservedTime() {
    HybridLogicalClock c = new HybridLogicalClock();
    long prev = c.now();
    assertThat(prev >>> 16)
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
    for (int i = 0; i < 100_000; i++) {
      long t = c.now();
      assertThat(t).isGreaterThan(prev);
      prev = t;
    }
    long future = (System.currentTimeMillis() + 60_000) << 16;
    c.observe(future);
    assertThat(c.now()).isGreaterThan(future);
    assertThat(new Version(future, 1).physicalMillis()).isEqualTo(future >>> 16);
  }

  @Test
  void consistencyLevels() {
    assertThat(Consistency.ONE.required(3)).isEqualTo(1);
    assertThat(Consistency.QUORUM.required(3)).isEqualTo(2);
    assertThat(Consistency.QUORUM.required(4)).isEqualTo(3);
    assertThat(Consistency.ALL.required(5)).isEqualTo(5);
  }
}
