package dev.cloudnative.mesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");

  @Test
  void readsDelaySeconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("99999999999999999999999", NOW))
        .contains(Duration.ofSeconds(Long.MAX_VALUE));
  }

  @Test
  void readsTheThreeHttpDateFormats() {
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW))
        .contains(Duration.ofSeconds(37));
    assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW))
        .contains(Duration.ofSeconds(37));
    assertThat(RetryAfter.parse("Sun Nov  6 08:49:37 1994", NOW)).contains(Duration.ofSeconds(37));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void anythingElseIsNoRetryAfter() {
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("tomorrow", NOW)).isEmpty();
    assertThat(RetryAfter.httpDate("Sun, 06 Nov 1994")).isEmpty();
    assertThatThrownBy(() -> RetryAfter.parse(null, NOW))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> RetryAfter.parse("1", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("now");
  }
}
