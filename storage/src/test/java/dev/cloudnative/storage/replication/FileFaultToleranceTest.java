package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.Hint;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.NodeUnavailableException;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import dev.cloudnative.storage.node.FileNode;
import dev.cloudnative.storage.node.FsyncPolicy;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File-backed nodes "killed" mid-write: the process image of a node is dropped without close and
 * its log loses the tail of its last record, as after kill -9 during an append; the node then
 * reopens from the same directory. A hint-holding node is crashed too, to show hints survive its
 * restart.
 */
class FileFaultToleranceTest {
  @TempDir Path root;
  private final Map<String, CrashableFileNode> nodes = new LinkedHashMap<>();
  private ReplicatedStore store;

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close();
    }
    nodes.values().forEach(CrashableFileNode::close);
  }

  @Test
  void crashedFileNodesRecoverAndNoAcknowledgedWriteIsLost() throws Exception {
    for (int i = 0; i < 4; i++) {
      String id = "file-" + i;
      nodes.put(id, new CrashableFileNode(id, root.resolve(id)));
    }
    store =
        KeyValueStore.replicated(
            StoreConfig.custom()
                .replicationFactor(3)
                .timeout(Duration.ofSeconds(1))
                .probeInterval(Duration.ofMillis(50))
                .build(),
            List.copyOf(nodes.values()));
    CrashableFileNode victim = nodes.get("file-1");
    CrashableFileNode holder = nodes.get("file-2");
    try (AckedWorkload w = new AckedWorkload(store, 300, 2)) {
      w.start();
      Thread.sleep(500);
      victim.crash(13);
      Thread.sleep(700);
      ReplicatedStoreTest.eventually(
          () -> holder.delegateHintCount() > 0 || !store.isUp("file-1"), "hints accumulate");
      long hintsBefore = holder.delegateHintCount();
      // Crash the hint holder as well, cutting its last record; its hints must come back from its
      // log.
      holder.crash(5);
      holder.restart();
      assertThat(holder.delegateHintCount())
          .as("hints after holder restart")
          .isGreaterThanOrEqualTo(hintsBefore - 1);
      Thread.sleep(300);
      victim.restart();
      Thread.sleep(500);
      w.stop();
      System.out.printf(
          "file fault test: %d acknowledged, %d not acknowledged, victim cut %d bytes%n",
          w.acked(), w.failed(), victim.truncatedOnRecovery);
      assertThat(victim.truncatedOnRecovery).isPositive();

      ReplicatedStoreTest.eventually(
          () -> store.isUp("file-1") && store.isUp("file-2"), "nodes up");
      ReplicatedStoreTest.eventually(() -> store.pendingHints() == 0, "hints drained");
      w.verifyAcknowledgedWritesReadable();
      ReplicatedStoreTest.eventually(() -> w.replicasConverged(nodes), "replicas converged");
      assertThat(store.antiEntropy().replicasUpdated()).isZero();
    }
  }

  /**
   * Delegates to a {@link FileNode} that can be crashed (dropped without close, tail cut) and
   * reopened.
   */
  static final class CrashableFileNode implements StorageNode {
    private final String id;
    private final Path dir;
    private volatile FileNode node;
    private volatile boolean crashed;
    long truncatedOnRecovery;

    CrashableFileNode(String id, Path dir) {
      this.id = id;
      this.dir = dir;
      this.node = FileNode.builder(id, dir).fsync(FsyncPolicy.NEVER).open();
    }

    synchronized void crash(int tailBytes) throws Exception {
      crashed = true;
      Path log = node.logFile();
      // Wait for in-flight appends through the old instance (they hold its lock), then cut the
      // tail.
      synchronized (this) {
        long size = Files.size(log);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
          ch.truncate(Math.max(0, size - tailBytes));
        }
      }
    }

    synchronized void restart() {
      FileNode old = node;
      node = FileNode.builder(id, dir).fsync(FsyncPolicy.NEVER).open();
      truncatedOnRecovery = node.recoveredTruncatedBytes();
      crashed = false;
      old.close();
    }

    long delegateHintCount() {
      return node.hintCount();
    }

    private FileNode live() {
      if (crashed) {
        throw new NodeUnavailableException(id, "process killed");
      }
      return node;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public boolean putIfNewer(byte[] key, VersionedValue value) {
      return live().putIfNewer(key, value);
    }

    @Override
    public Optional<VersionedValue> get(byte[] key) {
      return live().get(key);
    }

    @Override
    public boolean removeIfVersion(byte[] key, Version version) {
      return live().removeIfVersion(key, version);
    }

    @Override
    public void forEach(BiConsumer<byte[], VersionedValue> action) {
      live().forEach(action);
    }

    @Override
    public boolean putHint(String target, byte[] key, VersionedValue value) {
      return live().putHint(target, key, value);
    }

    @Override
    public List<Hint> hints(String target, int max) {
      return live().hints(target, max);
    }

    @Override
    public boolean removeHint(String target, byte[] key, Version version) {
      return live().removeHint(target, key, version);
    }

    @Override
    public Set<String> hintTargets() {
      return live().hintTargets();
    }

    @Override
    public long hintCount() {
      return live().hintCount();
    }

    @Override
    public Optional<dev.cloudnative.storage.Incarnation> incarnation() {
      return live().incarnation();
    }

    @Override
    public void writeIncarnation(dev.cloudnative.storage.Incarnation incarnation) {
      live().writeIncarnation(incarnation);
    }

    @Override
    public void ping() {
      live().ping();
    }

    @Override
    public void close() {
      node.close();
    }
  }
}
