package dev.cloudnative.storage;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * One replica holder. Every mutation is newer-wins: a node applies a value only if its version is
 * strictly newer than what it holds, atomically on the node (a lock for in-process nodes, a Lua
 * script on Redis), so read repair and hint replay can never overwrite newer data with older. Nodes
 * also hold hints for other nodes. Implementations are thread-safe; failures surface as {@link
 * NodeUnavailableException}.
 *
 * <p>Lifecycle: {@link #close()} is idempotent; after it every operation throws {@link
 * IllegalStateException} ("storage node &lt;id&gt; is closed"), except {@link #id()}, {@link
 * #nonBlocking()} and {@code toString()}, which describe the node rather than use it: a coordinator
 * must still be able to name a replica that was closed under it.
 */
public interface StorageNode extends AutoCloseable {

  /** Stable, unique id used for placement. */
  String id();

  /**
   * Applies {@code value} if it is newer than the stored version; returns whether it was applied.
   */
  boolean putIfNewer(byte[] key, VersionedValue value);

  /** The stored value or tombstone. */
  Optional<VersionedValue> get(byte[] key);

  /**
   * Removes the entry only if its version still equals {@code version} (tombstone purge, hand-off).
   */
  boolean removeIfVersion(byte[] key, Version version);

  /** Visits every entry, tombstones included (streaming, anti-entropy). Weakly consistent. */
  void forEach(BiConsumer<byte[], VersionedValue> action);

  /** Stores a hint for {@code target}, newer-wins per (target, key). */
  boolean putHint(String target, byte[] key, VersionedValue value);

  /** Up to {@code max} hints held for {@code target}. */
  List<Hint> hints(String target, int max);

  /** Removes a hint only if it still has {@code version} (a newer hint for the key stays). */
  boolean removeHint(String target, byte[] key, Version version);

  /** Ids of the nodes this node holds hints for. */
  Set<String> hintTargets();

  /** Number of hints held for all targets. */
  long hintCount();

  /**
   * The identity and incarnation marker held in this node's own data; empty when the data holds
   * none (a fresh node, or one that lost its data) or the stored marker is damaged. A coordinator
   * reads it when it meets the node and on every maintenance pass.
   */
  Optional<Incarnation> incarnation();

  /**
   * Stores {@code incarnation} in this node's own data, replacing any marker (last write wins), so
   * that it is lost together with the data.
   */
  void writeIncarnation(Incarnation incarnation);

  /** Checks the node answers; throws {@link NodeUnavailableException} if not. */
  void ping();

  /** True when calls never block on I/O, so a coordinator may run them on the caller's thread. */
  default boolean nonBlocking() {
    return false;
  }

  /**
   * True when {@link #putIfNewerAsync} and {@link #getAsync} send the command and return without
   * waiting for the reply (a network client with pipelined connections), so a coordinator may call
   * them on the caller's thread and collect the replies as they arrive, with no thread of its own
   * per replica call.
   */
  default boolean asynchronous() {
    return false;
  }

  /**
   * {@link #putIfNewer}, completing the stage with its outcome; a failure completes it
   * exceptionally with the exception {@code putIfNewer} would throw. The stage may complete on a
   * thread of the node's client (an event loop): what is chained to it must not block. The default
   * runs {@code putIfNewer} on the caller's thread and returns a completed stage.
   */
  default CompletionStage<Boolean> putIfNewerAsync(byte[] key, VersionedValue value) {
    try {
      return CompletableFuture.completedFuture(putIfNewer(key, value));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@link #get}, completing the stage with its outcome; as {@link #putIfNewerAsync} for failures
   * and threads. The default runs {@code get} on the caller's thread.
   */
  default CompletionStage<Optional<VersionedValue>> getAsync(byte[] key) {
    try {
      return CompletableFuture.completedFuture(get(key));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * True when the node keeps its data only in this JVM's memory, so that it is lost when the JVM
   * exits.
   */
  default boolean inMemory() {
    return false;
  }

  @Override
  void close();
}
