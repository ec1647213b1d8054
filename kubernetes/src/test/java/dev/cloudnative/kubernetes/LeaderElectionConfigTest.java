package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rules {@link LeaderElectionConfig} checks before an election starts (fabric8's). */
class LeaderElectionConfigTest {

  private static LeaderElectionConfig.Builder valid() {
    return LeaderElectionConfig.custom().lease("ns", "lock").identity("me");
  }

  @Test
  void defaultsAreClientGosAndTheLeaseIsReleasedOnClose() {
    LeaderElectionConfig c = valid().build();
    assertThat(c.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.releaseOnClose()).isTrue();
    assertThat(c.namespaceOr("default")).isEqualTo("ns");
    assertThat(LeaderElectionConfig.custom().lease("l").identity("me").build().namespaceOr("d"))
        .isEqualTo("d");
  }

  @Test
  void theDurationsMustNestAndTheNamesBeGiven() {
    assertThatThrownBy(() -> valid().renewDeadline(Duration.ofSeconds(15)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("greater than renewDeadline");
    assertThatThrownBy(() -> valid().retryPeriod(Duration.ofSeconds(9)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryPeriod");
    assertThatThrownBy(() -> valid().leaseDuration(Duration.ofMillis(15_500)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> valid().retryPeriod(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryPeriod must be positive");
    assertThatThrownBy(() -> LeaderElectionConfig.custom().identity("me").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease(namespace, name)");
    assertThatThrownBy(() -> LeaderElectionConfig.custom().lease("l").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity");
    assertThatThrownBy(() -> valid().identity(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> valid().lease("ns", "Not_A_Name").build())
        .isInstanceOf(KubernetesInvalidException.class);
    assertThatThrownBy(() -> valid().onStartLeading(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("callback");
  }
}
