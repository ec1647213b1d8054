package dev.cloudnative.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link KeyValueStore}, run over each kind of storage node. */
abstract class KeyValueStoreContractTest {
  protected KeyValueStore store;
  protected List<? extends StorageNode> nodes;

  /** Three fresh nodes. */
  protected abstract List<? extends StorageNode> createNodes() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    nodes = createNodes();
    store =
        KeyValueStore.replicated(
            StoreConfig.custom().timeout(Duration.ofSeconds(2)).build(), nodes);
  }

  @AfterEach
  void tearDown() {
    store.close();
    nodes.forEach(StorageNode::close);
  }

  @Test
  void binaryValuesRoundTrip() {
    byte[] key = {1, 2, 3, (byte) 0xFE};
    byte[] value = new byte[1000];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 7);
    }
    store.put(key, value);
    assertThat(store.get(key)).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
  }

  @Test
  void emptyValueIsAValueNotAbsence() {
    store.put("k".getBytes(StandardCharsets.UTF_8), new byte[0]);
    assertThat(store.get("k".getBytes(StandardCharsets.UTF_8)))
        .hasValueSatisfying(v -> assertThat(v).isEmpty());
  }

  @Test
  void overwriteReturnsNewerVersionsAndLatestValue() {
    Version a = store.putString("k", "1");
    Version b = store.putString("k", "2");
    assertThat(b).isGreaterThan(a);
    assertThat(store.getString("k")).contains("2");
  }

  @Test
  void deleteHidesTheValueAtEveryConsistency() {
    store.putString("gone", "x");
    store.deleteString("gone");
    for (Consistency c : Consistency.values()) {
      assertThat(store.get("gone".getBytes(StandardCharsets.UTF_8), c)).isEmpty();
    }
    store.putString("gone", "back");
    assertThat(store.getString("gone")).contains("back");
  }

  @Test
  void missingKeyIsEmpty() {
    assertThat(store.getString("never-written")).isEmpty();
  }

  @Test
  void readYourWritesAtQuorum() {
    for (int i = 0; i < 100; i++) {
      store.putString("ryw", "v" + i);
      assertThat(store.getString("ryw")).contains("v" + i);
    }
  }

  @Test
  void getVersionedReturnsTheWrittenVersion() {
    Version v =
        store.put(
            "kv".getBytes(StandardCharsets.UTF_8),
            "x".getBytes(StandardCharsets.UTF_8),
            Consistency.ALL);
    assertThat(
            store.getVersioned(
                "kv".getBytes(StandardCharsets.UTF_8), Consistency.ONE, Duration.ofSeconds(1)))
        .hasValueSatisfying(x -> assertThat(x.version()).isEqualTo(v));
  }

  @Test
  void rejectsInvalidKeys() {
    assertThatThrownBy(() -> store.put(new byte[0], new byte[1]))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.getString(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> store.put(new byte[store.config().maxKeyBytes() + 1], new byte[1]))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("maxKeyBytes");
  }

  @Test
  void closeIsIdempotentAndEveryOtherOperationAfterItIsRefused() {
    store.putString("k", "v");
    store.close();
    store.close();
    byte[] k = "k".getBytes(StandardCharsets.UTF_8);
    Duration second = Duration.ofSeconds(1);
    List<ThrowingCallable> operations =
        List.of(
            () -> store.put(k, k, Consistency.ONE, second),
            () -> store.put(k, k),
            () -> store.put(k, k, Consistency.ALL),
            () -> store.putString("k", "w"),
            () -> store.getVersioned(k, Consistency.ONE, second),
            () -> store.get(k),
            () -> store.get(k, Consistency.ALL),
            () -> store.getString("k"),
            () -> store.delete(k, Consistency.ONE, second),
            () -> store.delete(k),
            () -> store.deleteString("k"),
            store::config,
            // The closed store is reported before the request is validated.
            () -> store.put(new byte[0], k, Consistency.ONE, second));
    for (ThrowingCallable operation : operations) {
      assertThatThrownBy(operation)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("replicated store is closed");
    }
    // The nodes are the caller's: closing the store leaves them open, with the data.
    for (StorageNode node : nodes) {
      assertThat(node.get(k))
          .as("replica %s", node.id())
          .hasValueSatisfying(value -> assertThat(value.valueAsString()).isEqualTo("v"));
    }
  }
}
