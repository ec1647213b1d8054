package dev.cloudnative.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.storage.Hint;
import dev.cloudnative.storage.Incarnation;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract every {@link StorageNode} implementation must meet. */
abstract class StorageNodeContractTest {
  private static final TimeUnit SEC = TimeUnit.SECONDS;
  protected StorageNode node;

  protected abstract StorageNode create() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    node = create();
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static VersionedValue v(long ts, long writer, String value) {
    return VersionedValue.of(new Version(ts, writer), b(value));
  }

  @Test
  void missingKeyIsEmpty() {
    assertThat(node.get(b("nope"))).isEmpty();
  }

  @Test
  void putThenGetRoundTripsBinaryValues() {
    byte[] value = new byte[256];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    byte[] key = {0, 1, (byte) 0xFF, '*', '?'};
    assertThat(node.putIfNewer(key, VersionedValue.of(new Version(5, 1), value))).isTrue();
    VersionedValue got = node.get(key).orElseThrow();
    assertThat(got.value()).isEqualTo(value);
    assertThat(got.version()).isEqualTo(new Version(5, 1));
    assertThat(got.isTombstone()).isFalse();
  }

  @Test
  void asyncPutAndGetAgreeWithTheBlockingCalls() throws Exception {
    assertThat(node.putIfNewerAsync(b("a"), v(10, 1, "async")).toCompletableFuture().get(5, SEC))
        .isTrue();
    assertThat(node.putIfNewerAsync(b("a"), v(9, 1, "older")).toCompletableFuture().get(5, SEC))
        .isFalse();
    assertThat(node.get(b("a")).orElseThrow().valueAsString()).isEqualTo("async");
    VersionedValue got = node.getAsync(b("a")).toCompletableFuture().get(5, SEC).orElseThrow();
    assertThat(got.version()).isEqualTo(new Version(10, 1));
    assertThat(got.valueAsString()).isEqualTo("async");
    node.putIfNewer(b("a"), VersionedValue.tombstone(new Version(11, 1)));
    assertThat(node.getAsync(b("a")).toCompletableFuture().get(5, SEC).orElseThrow().isTombstone())
        .isTrue();
    assertThat(node.getAsync(b("none")).toCompletableFuture().get(5, SEC)).isEmpty();
  }

  @Test
  void asyncCallsAfterCloseFailWithClosed() {
    node.close();
    assertThatThrownBy(
            () -> node.putIfNewerAsync(b("k"), v(1, 1, "x")).toCompletableFuture().join())
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
    assertThatThrownBy(() -> node.getAsync(b("k")).toCompletableFuture().join())
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
  }

  @Test
  void olderOrEqualVersionNeverOverwritesNewer() {
    assertThat(node.putIfNewer(b("k"), v(10, 1, "new"))).isTrue();
    assertThat(node.putIfNewer(b("k"), v(9, 99, "old"))).isFalse();
    assertThat(node.putIfNewer(b("k"), v(10, 1, "same"))).isFalse();
    assertThat(node.get(b("k")).orElseThrow().valueAsString()).isEqualTo("new");
    assertThat(node.putIfNewer(b("k"), v(10, 2, "tie-break"))).isTrue();
    assertThat(node.get(b("k")).orElseThrow().valueAsString()).isEqualTo("tie-break");
  }

  @Test
  void writerIdComparesUnsigned() {
    assertThat(node.putIfNewer(b("u"), v(7, 1, "small"))).isTrue();
    assertThat(node.putIfNewer(b("u"), v(7, -1L, "max unsigned"))).isTrue();
    assertThat(node.putIfNewer(b("u"), v(7, Long.MAX_VALUE, "less"))).isFalse();
    assertThat(node.get(b("u")).orElseThrow().valueAsString()).isEqualTo("max unsigned");
  }

  @Test
  void largeTimestampsCompareCorrectly() {
    long ts = System.currentTimeMillis() << 16;
    assertThat(node.putIfNewer(b("t"), v(ts + 1, 0, "a"))).isTrue();
    assertThat(node.putIfNewer(b("t"), v(ts, 0, "b"))).isFalse();
    assertThat(node.putIfNewer(b("t"), v(ts + 65536, 0, "c"))).isTrue();
    assertThat(node.get(b("t")).orElseThrow().valueAsString()).isEqualTo("c");
  }

  @Test
  void tombstonesAreStoredAndRemovable() {
    node.putIfNewer(b("d"), v(1, 1, "x"));
    assertThat(node.putIfNewer(b("d"), VersionedValue.tombstone(new Version(2, 1)))).isTrue();
    assertThat(node.get(b("d")).orElseThrow().isTombstone()).isTrue();
    assertThat(node.putIfNewer(b("d"), v(1, 5, "resurrect?"))).isFalse();
    assertThat(node.removeIfVersion(b("d"), new Version(1, 1))).isFalse();
    assertThat(node.removeIfVersion(b("d"), new Version(2, 1))).isTrue();
    assertThat(node.get(b("d"))).isEmpty();
  }

  @Test
  void forEachVisitsAllEntries() {
    for (int i = 0; i < 50; i++) {
      node.putIfNewer(b("key-" + i), v(i + 1, 1, "v" + i));
    }
    Map<String, String> seen = new HashMap<>();
    node.forEach((k, v) -> seen.put(new String(k, StandardCharsets.UTF_8), v.valueAsString()));
    assertThat(seen).hasSize(50).containsEntry("key-7", "v7");
  }

  @Test
  void hintsAreNewerWinsAndRemovableByVersion() {
    assertThat(node.putHint("n2", b("h"), v(3, 1, "a"))).isTrue();
    assertThat(node.putHint("n2", b("h"), v(2, 1, "older"))).isFalse();
    node.putHint("n3", b("x"), v(4, 1, "b"));
    assertThat(node.hintCount()).isEqualTo(2);
    assertThat(node.hintTargets()).containsExactlyInAnyOrder("n2", "n3");
    List<Hint> hints = node.hints("n2", 10);
    assertThat(hints).hasSize(1);
    assertThat(hints.get(0).value().valueAsString()).isEqualTo("a");
    node.putHint("n2", b("h"), v(5, 1, "newer"));
    assertThat(node.removeHint("n2", b("h"), new Version(3, 1))).isFalse();
    assertThat(node.removeHint("n2", b("h"), new Version(5, 1))).isTrue();
    assertThat(node.hints("n2", 10)).isEmpty();
    assertThat(node.hintCount()).isEqualTo(1);
  }

  @Test
  void concurrentWritersKeepTheNewestVersion() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int writer = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 1; i <= 200; i++) {
                    node.putIfNewer(b("race"), v(i * 4L + writer, writer, "w" + writer + "-" + i));
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(node.get(b("race")).orElseThrow().version()).isEqualTo(new Version(803, 3));
  }

  @Test
  void aFreshNodeHasNoIncarnationAndKeepsTheLastOneWrittenApartFromItsData() {
    assertThat(node.incarnation()).isEmpty();
    Incarnation first = Incarnation.fresh(node.id(), false);
    node.writeIncarnation(first);
    assertThat(node.incarnation()).contains(first);
    Incarnation second = first.withReady(true);
    node.writeIncarnation(second);
    assertThat(node.incarnation()).contains(second);
    node.putIfNewer(b("k"), v(1, 1, "x"));
    List<String> keys = new ArrayList<>();
    node.forEach((k, value) -> keys.add(new String(k, StandardCharsets.UTF_8)));
    assertThat(keys).as("the marker is not an entry").containsExactly("k");
    assertThat(node.hintCount()).isZero();
    assertThatThrownBy(() -> node.writeIncarnation(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("incarnation");
  }

  @Test
  void pingSucceedsWhileOpen() {
    node.ping();
    assertThat(node.id()).isNotBlank();
  }

  @Test
  void closeIsIdempotentAndEveryOperationAfterItIsRefused() {
    node.putIfNewer(b("k"), v(1, 1, "x"));
    node.putHint("n2", b("h"), v(1, 1, "h"));
    String id = node.id();
    node.close();
    node.close();
    assertThat(node.id())
        .as("identity still answers, so a coordinator can name the replica")
        .isEqualTo(id);
    List<ThrowingCallable> operations =
        List.of(
            () -> node.putIfNewer(b("k"), v(2, 1, "y")),
            () -> node.get(b("k")),
            () -> node.removeIfVersion(b("k"), new Version(1, 1)),
            () -> node.forEach((k, value) -> {}),
            () -> node.putHint("n2", b("h"), v(2, 1, "h2")),
            () -> node.hints("n2", 10),
            () -> node.removeHint("n2", b("h"), new Version(1, 1)),
            node::hintTargets,
            node::hintCount,
            node::incarnation,
            () -> node.writeIncarnation(Incarnation.fresh(id, true)),
            node::ping);
    for (ThrowingCallable operation : operations) {
      assertThatThrownBy(operation)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("storage node " + id + " is closed");
    }
  }
}
