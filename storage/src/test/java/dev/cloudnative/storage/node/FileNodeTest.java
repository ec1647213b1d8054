package dev.cloudnative.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNodeTest extends StorageNodeContractTest {
  @TempDir Path dir;

  @Override
  protected StorageNode create() {
    return FileNode.builder("file-1", dir).fsync(FsyncPolicy.NEVER).open();
  }

  private FileNode reopen() {
    return FileNode.builder("file-1", dir).fsync(FsyncPolicy.NEVER).open();
  }

  @Test
  void dataAndHintsSurviveRestart() {
    node.putIfNewer(b("a"), v(1, 1, "one"));
    node.putIfNewer(b("a"), v(2, 1, "two"));
    node.putHint("other", b("h"), v(3, 1, "hinted"));
    node.close();
    node = reopen();
    assertThat(node.get(b("a")).orElseThrow().valueAsString()).isEqualTo("two");
    assertThat(node.hints("other", 10)).hasSize(1);
    assertThat(((FileNode) node).recoveredTruncatedBytes()).isZero();
  }

  @Test
  void theIncarnationMarkerSurvivesRestartAndCompactionAndGoesWithTheLog() throws Exception {
    dev.cloudnative.storage.Incarnation m =
        dev.cloudnative.storage.Incarnation.fresh("file-1", true);
    node.writeIncarnation(m);
    node.putIfNewer(b("a"), v(1, 1, "one"));
    node.close();
    node = reopen();
    assertThat(node.incarnation()).contains(m);
    ((FileNode) node).compact();
    assertThat(node.incarnation()).contains(m);
    node.close();
    node = reopen();
    assertThat(node.incarnation()).as("after compaction and reopen").contains(m);
    node.close();
    Files.delete(dir.resolve(FileNode.LOG_FILE));
    node = reopen();
    assertThat(node.incarnation()).as("a node whose log was lost has no marker").isEmpty();
  }

  @Test
  void recoversFromATornTailWithoutLosingEarlierRecords() throws Exception {
    for (int i = 0; i < 100; i++) {
      node.putIfNewer(b("k" + i), v(i + 1, 1, "value-" + i));
    }
    Path log = ((FileNode) node).logFile();
    long size = Files.size(log);
    // Crash: abandon the instance without close() and cut the last record in half.
    node = null;
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(size - 7);
    }
    node = reopen();
    FileNode f = (FileNode) node;
    assertThat(f.recoveredTruncatedBytes()).isPositive();
    assertThat(f.get(b("k98")).orElseThrow().valueAsString()).isEqualTo("value-98");
    assertThat(f.get(b("k99"))).isEmpty();
    assertThat(f.size()).isEqualTo(99);
    // The log keeps working after the cut.
    assertThat(f.putIfNewer(b("k99"), v(500, 1, "again"))).isTrue();
    f.close();
    node = reopen();
    assertThat(node.get(b("k99")).orElseThrow().valueAsString()).isEqualTo("again");
  }

  @Test
  void garbageAtTheTailIsDiscarded() throws Exception {
    node.putIfNewer(b("x"), v(1, 1, "kept"));
    Path log = ((FileNode) node).logFile();
    node = null;
    try (FileChannel ch =
        FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 9, 9, 9}));
    }
    node = reopen();
    assertThat(node.get(b("x")).orElseThrow().valueAsString()).isEqualTo("kept");
    assertThat(((FileNode) node).recoveredTruncatedBytes()).isEqualTo(11);
  }

  @Test
  void compactionDropsGarbageAndKeepsLiveData() {
    FileNode f = (FileNode) node;
    for (int round = 1; round <= 20; round++) {
      for (int i = 0; i < 20; i++) {
        f.putIfNewer(b("k" + i), v(round, 1, "round-" + round));
      }
    }
    f.putHint("n9", b("h"), v(1, 1, "hint"));
    long before = f.logSize();
    f.compact();
    assertThat(f.logSize()).isLessThan(before / 5);
    assertThat(f.get(b("k3")).orElseThrow().valueAsString()).isEqualTo("round-20");
    f.close();
    node = reopen();
    assertThat(node.get(b("k19")).orElseThrow().version()).isEqualTo(new Version(20, 1));
    assertThat(node.hints("n9", 5)).hasSize(1);
  }

  @Test
  void automaticCompactionKeepsTheLogBounded() {
    node.close();
    node =
        FileNode.builder("file-1", dir).fsync(FsyncPolicy.NEVER).compactionThreshold(10_000).open();
    FileNode f = (FileNode) node;
    for (int i = 1; i <= 2_000; i++) {
      f.putIfNewer(b("hot"), VersionedValue.of(new Version(i, 1), new byte[100]));
    }
    assertThat(f.logSize()).isLessThan(25_000);
    assertThat(f.get(b("hot")).orElseThrow().version().timestamp()).isEqualTo(2_000);
  }

  @Test
  void maintenanceAndInspectionAreRefusedAfterCloseButTheLogStaysNamed() throws Exception {
    FileNode f = (FileNode) node;
    f.putIfNewer(b("k"), v(1, 1, "kept"));
    Path log = f.logFile();
    f.close();
    assertThat(f.logFile()).isEqualTo(log);
    assertThat(Files.size(log)).as("close flushed the record").isPositive();
    for (ThrowingCallable operation :
        List.<ThrowingCallable>of(f::compact, f::size, f::logSize, f::recoveredTruncatedBytes)) {
      assertThatThrownBy(operation)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("storage node file-1 is closed");
    }
    node = reopen();
    assertThat(node.get(b("k")).orElseThrow().valueAsString()).isEqualTo("kept");
  }
}
