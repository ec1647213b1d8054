package dev.cloudnative.storage;

import dev.cloudnative.storage.node.InMemoryNode;
import java.util.List;

class InMemoryStoreContractTest extends KeyValueStoreContractTest {
  @Override
  protected List<? extends StorageNode> createNodes() {
    return List.of(new InMemoryNode("m1"), new InMemoryNode("m2"), new InMemoryNode("m3"));
  }
}
