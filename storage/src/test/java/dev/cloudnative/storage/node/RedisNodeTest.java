package dev.cloudnative.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.storage.NodeUnavailableException;
import dev.cloudnative.storage.RedisServer;
import dev.cloudnative.storage.StorageNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisNodeTest extends StorageNodeContractTest {
  private static RedisServer server;
  private static int prefix;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start(false);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected StorageNode create() {
    // A fresh namespace per test keeps tests independent on one server.
    return RedisNode.builder("redis-1", "127.0.0.1", server.port())
        .keyPrefix("t" + (++prefix) + ":")
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  @Test
  void survivesServerRestartAndReloadsScripts() {
    node.putIfNewer(b("k"), v(1, 1, "before"));
    node.writeIncarnation(dev.cloudnative.storage.Incarnation.fresh("redis-1", true));
    assertThat(node.incarnation()).isPresent();
    server.kill();
    assertThatThrownBy(() -> node.putIfNewer(b("k"), v(2, 1, "during")))
        .isInstanceOf(NodeUnavailableException.class)
        .hasMessageContaining("redis-1");
    server.startProcess();
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        node.ping();
        break;
      } catch (NodeUnavailableException e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        sleep(100);
      }
    }
    // Restarted empty: EVALSHA fails with NOSCRIPT and the node falls back to EVAL.
    assertThat(node.get(b("k"))).isEmpty();
    assertThat(node.incarnation()).as("the marker went with the data").isEmpty();
    assertThat(node.putIfNewer(b("k"), v(3, 1, "after"))).isTrue();
    assertThat(node.get(b("k")).orElseThrow().valueAsString()).isEqualTo("after");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
