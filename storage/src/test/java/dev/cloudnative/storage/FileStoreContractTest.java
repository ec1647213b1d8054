package dev.cloudnative.storage;

import dev.cloudnative.storage.node.FileNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class FileStoreContractTest extends KeyValueStoreContractTest {
  @TempDir Path dir;

  @Override
  protected List<? extends StorageNode> createNodes() {
    return List.of(
        FileNode.open("f1", dir.resolve("f1")),
        FileNode.open("f2", dir.resolve("f2")),
        FileNode.open("f3", dir.resolve("f3")));
  }
}
