package dev.cloudnative.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs last in the core suite: proves that no test of the suite (embedded and real-engine workflows
 * alike) made a connection attempt or name lookup beyond loopback, and that the guard would have
 * caught one.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoopbackAuditTest {

  @Test
  @Order(1)
  void noConnectionLeftLoopbackDuringTheSuite() {
    assertThat(System.getSecurityManager()).isInstanceOf(LoopbackOnly.class);
    assertThat(LoopbackOnly.refused())
        .as("attempts beyond loopback during the core suite")
        .isEmpty();
  }

  @Test
  @Order(2)
  void theGuardRefusesAnInventedPodAddressBeforeAnyPacketLeaves() throws Exception {
    int before = LoopbackOnly.refused().size();
    try (Socket s = new Socket()) {
      assertThatThrownBy(() -> s.connect(new InetSocketAddress("10.244.0.7", 8080), 200))
          .isInstanceOf(SecurityException.class)
          .hasMessageContaining("10.244.0.7:8080");
    }
    assertThatThrownBy(() -> java.net.InetAddress.getByName("registry.local"))
        .isInstanceOf(SecurityException.class)
        .hasMessageContaining("registry.local");
    assertThat(LoopbackOnly.refused()).hasSize(before + 2);
  }
}
