package dev.cloudnative.storage;

import dev.cloudnative.storage.node.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisStoreContractTest extends KeyValueStoreContractTest {
  private static final List<RedisServer> SERVERS = new ArrayList<>();
  private static io.lettuce.core.resource.ClientResources resources;
  private static int namespace;

  @BeforeAll
  static void startServers() {
    for (int i = 0; i < 3; i++) {
      SERVERS.add(RedisServer.start(i == 0));
    }
    resources = io.lettuce.core.resource.DefaultClientResources.create();
  }

  @AfterAll
  static void stopServers() {
    SERVERS.forEach(RedisServer::close);
    SERVERS.clear();
    if (resources != null) {
      resources.shutdown();
    }
  }

  @Override
  protected List<? extends StorageNode> createNodes() {
    namespace++;
    List<RedisNode> nodes = new ArrayList<>();
    for (int i = 0; i < SERVERS.size(); i++) {
      nodes.add(
          RedisNode.builder("r" + i, "127.0.0.1", SERVERS.get(i).port())
              .keyPrefix("c" + namespace + ":")
              .timeout(Duration.ofSeconds(1))
              .clientResources(resources)
              .build());
    }
    return nodes;
  }
}
