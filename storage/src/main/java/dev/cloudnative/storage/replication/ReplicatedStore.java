package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.AntiEntropyReport;
import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.Hint;
import dev.cloudnative.storage.Incarnation;
import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.QuorumNotReachedException;
import dev.cloudnative.storage.Rebalance;
import dev.cloudnative.storage.RecoveryProgress;
import dev.cloudnative.storage.RecoveryReason;
import dev.cloudnative.storage.RepairReport;
import dev.cloudnative.storage.StorageException;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import io.micrometer.observation.Observation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dynamo-style coordinator (DeCandia et al., SOSP 2007) over {@link StorageNode}s.
 *
 * <ul>
 *   <li><b>Placement</b>: the key's preference list is the first N distinct nodes of the configured
 *       {@link NodeLocator}.
 *   <li><b>Writes</b> get a fresh {@link HybridLogicalClock} version and go to all N replicas in
 *       parallel; the call returns once W have acknowledged (a replica that already holds a newer
 *       version also acknowledges: it is at least as new). Fewer than W before the deadline throws
 *       {@link QuorumNotReachedException} listing every failed replica and why.
 *   <li><b>Reads</b> ask all N replicas and return the newest of the first R replies. When all
 *       replies are in, replicas that were stale or missing get the newest version written back
 *       (read repair).
 *   <li><b>Hinted handoff</b>: a write to a replica that is down or fails is stored as a hint on
 *       the next healthy node past the preference list. A background task pings down nodes and
 *       replays hints once they answer; hint replay is newer-wins, so it never overwrites newer
 *       data. With sloppy quorum a stored hint counts towards W.
 *   <li><b>Membership changes</b> ({@link #addNode}, {@link #removeNode}) switch to a transition
 *       topology in which writes must reach W old and W new owners and reads use the old owners,
 *       wait for operations started on the previous topology, stream every key whose replica set
 *       changed to its new owners, then switch to the new topology and drop copies from nodes that
 *       no longer own them.
 *   <li><b>Incarnations</b>: every node keeps an {@link Incarnation} marker in its own data. A node
 *       met with its marker missing, changed or not ready is <em>recovering</em>: it takes writes,
 *       but reads do not count it for keys in ranges it has not received yet, while a background
 *       thread streams those ranges to it from every other member at a bounded rate ({@link
 *       StoreConfig#recoveryRanges()}, {@link StoreConfig#recoveryRate()}); {@link #recoveries()}
 *       reports the progress.
 *   <li><b>Anti-entropy</b>: {@link #merkleRepair} (and a background cycle every {@link
 *       StoreConfig#antiEntropyInterval()}) compares per-range Merkle trees of every pair of
 *       replicas and exchanges only the differing leaves' entries; {@link #antiEntropy} stays as
 *       the full-scan fallback, pushing every entry of every node to its owners.
 *   <li><b>Deletes</b> are tombstones, purged after {@link StoreConfig#tombstoneGrace()} by a
 *       background task; a replica that missed the delete and stays down longer than the grace
 *       period can resurrect the value through repair (as in Cassandra's gc_grace).
 * </ul>
 *
 * <p>Consistency model: last-write-wins per key by (HLC timestamp, writer id). W + R &gt; N gives
 * read-your-writes for acknowledged writes while at most N - W replicas lose data; concurrent
 * writes to the same key are not merged — the one with the smaller version is silently lost.
 * Thread-safe: the topology is an immutable snapshot swapped atomically; membership changes are
 * serialised.
 *
 * <p>Lifecycle: {@link #close()} is idempotent and returns once background work has stopped; after
 * it every other method throws {@link IllegalStateException} ("replicated store is closed"). The
 * check is one volatile read. Nodes belong to the caller and stay open.
 *
 * <p>Observability: with {@link StoreConfig.Builder#meterRegistry} every operation (reads, writes,
 * deletes, anti-entropy, hint replay, tombstone purge, membership changes) is timed by operation,
 * consistency and outcome, and quorum failures, read repairs, hints and node health are counted;
 * with {@link StoreConfig.Builder#observationRegistry} each operation is an observation ({@code
 * storage.put}, ...). Without them the store holds no meters and starts no observation. The storage
 * README lists every name.
 */
public final class ReplicatedStore implements KeyValueStore {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicatedStore.class);
  private static final int HINT_BATCH = 256;

  private final StoreConfig config;
  private final HybridLogicalClock clock = new HybridLogicalClock();
  private final ExecutorService io;
  private final ScheduledExecutorService maintenance;
  private final Map<String, Health> health = new ConcurrentHashMap<>();
  private final Object membershipLock = new Object();
  private final Object closeLock = new Object();
  private final AtomicLong hintsReplayed = new AtomicLong();
  private final StoreInstruments instruments;
  private final StoreObservations observations;
  private final ExecutorService recoveryThreads;
  private final ByteRateLimiter recoveryLimiter;
  private final Object recoveryLock = new Object();
  private final ScheduledExecutorService antiEntropyThread;
  private final ByteRateLimiter antiEntropyLimiter;
  private final Object merkleLock = new Object();
  private volatile AntiEntropyReport lastMerkle;

  /** The last incarnation this store saw or stamped per node. */
  private final Map<String, Incarnation> incarnations = new ConcurrentHashMap<>();

  /** The latest recovery per node, finished or not. */
  private final Map<String, NodeRecovery> recoveries = new ConcurrentHashMap<>();

  /** Recoveries under way: an immutable snapshot the read path checks with one volatile read. */
  private volatile Map<String, NodeRecovery> recovering = Map.of();

  private volatile Topology topology;
  private volatile boolean closed;
  private long lastPurgeNanos = System.nanoTime();

  /** Liveness of one node as seen by this coordinator. */
  private static final class Health {
    volatile boolean up = true;
    volatile String lastError = "";
  }

  /** Immutable placement snapshot; {@code previous} is non-null during a membership change. */
  private static final class Topology {
    final NodeLocator locator;
    final NodeLocator previous;
    final Map<String, StorageNode> nodes;
    final AtomicInteger inflight = new AtomicInteger();

    Topology(NodeLocator locator, NodeLocator previous, Map<String, StorageNode> nodes) {
      this.locator = locator;
      this.previous = previous;
      this.nodes = Map.copyOf(nodes);
    }
  }

  private ReplicatedStore(
      StoreConfig config, Map<String, StorageNode> byId, NodeLocator initialLocator) {
    this.config = config;
    this.instruments = StoreInstruments.of(config);
    this.observations = new StoreObservations(config.observationRegistry());
    for (String id : byId.keySet()) {
      health.put(id, new Health());
      instruments.nodeAdded(id, () -> up(id));
    }
    this.topology = new Topology(initialLocator, null, byId);
    this.io =
        new ThreadPoolExecutor(
            config.ioThreads(),
            config.ioThreads(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemon("cn-storage-io"));
    ((ThreadPoolExecutor) io).allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(1, daemon("cn-storage-maintenance"));
    s.setRemoveOnCancelPolicy(true);
    this.maintenance = s;
    this.recoveryThreads = Executors.newCachedThreadPool(daemon("cn-storage-recovery"));
    this.recoveryLimiter = new ByteRateLimiter(config.recoveryRate());
    instruments.recoveryRangesPending(this::pendingRecoveryRanges);
    this.antiEntropyLimiter = new ByteRateLimiter(config.antiEntropyRate());
    ScheduledThreadPoolExecutor ae =
        new ScheduledThreadPoolExecutor(1, daemon("cn-storage-anti-entropy"));
    ae.setRemoveOnCancelPolicy(true);
    this.antiEntropyThread = ae;
    meetNodes(byId.values());
    if (config.backgroundAntiEntropy()) {
      long period = config.antiEntropyInterval().toMillis();
      antiEntropyThread.scheduleWithFixedDelay(
          this::backgroundMerkle, period, period, TimeUnit.MILLISECONDS);
    }
    long every = config.probeInterval().toMillis();
    maintenance.scheduleWithFixedDelay(this::maintain, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * A store over {@code nodes}, each with weight 1.
   *
   * @throws InvalidRequestException if there are no nodes, ids repeat, or N exceeds the node count
   */
  public static ReplicatedStore create(StoreConfig config, List<? extends StorageNode> nodes) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(nodes, "nodes");
    return create(config, nodes, Map.of());
  }

  /**
   * A store over {@code nodes} (placed in list order) with {@code weights} by node id; a node the
   * map does not name weighs 1. {@code RING}, {@code KETAMA} and {@code MAGLEV} honour weights
   * (1..1000); {@code JUMP} and {@code ANCHOR} allow only weight 1 and refuse any other. On {@code
   * KETAMA} a non-empty map selects spymemcached's weighted continuum, as spymemcached's {@code
   * KetamaNodeLocator} does for a non-empty weight map (its point counts differ from the unweighted
   * layout even when all weights are equal); an empty map gives the unweighted one.
   *
   * @throws InvalidRequestException if there are no nodes, ids repeat, N exceeds the node count, a
   *     weight names no node or is outside what the placement allows
   */
  public static ReplicatedStore create(
      StoreConfig config, List<? extends StorageNode> nodes, Map<String, Integer> weights) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(weights, "weights");
    if (nodes.isEmpty()) {
      throw new InvalidRequestException("a store needs at least one node, found none");
    }
    if (config.replicationFactor() > nodes.size()) {
      throw new InvalidRequestException(
          "replicationFactor "
              + config.replicationFactor()
              + " is larger than the "
              + nodes.size()
              + " nodes given; allowed 1.."
              + nodes.size());
    }
    Map<String, StorageNode> byId = new LinkedHashMap<>();
    for (StorageNode n : nodes) {
      Objects.requireNonNull(n, "nodes must not contain null");
      if (byId.putIfAbsent(n.id(), n) != null) {
        throw new InvalidRequestException("node ids must be unique, found '" + n.id() + "' twice");
      }
    }
    NodeLocator locator = StoreWeights.locator(config.placement(), byId.keySet(), weights);
    return new ReplicatedStore(config, byId, locator);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public StoreConfig config() {
    checkOpen();
    return config;
  }

  /** The current locator snapshot. */
  public NodeLocator locator() {
    checkOpen();
    return topology.locator;
  }

  /** Whether this coordinator currently considers {@code nodeId} reachable. */
  public boolean isUp(String nodeId) {
    checkOpen();
    return up(nodeId);
  }

  private boolean up(String nodeId) {
    Health h = health.get(nodeId);
    return h != null && h.up;
  }

  /** Ids of the N replicas of {@code key}, primary first. */
  public List<String> replicasOf(byte[] key) {
    checkOpen();
    return prefs(topology.locator, key);
  }

  /** Hints held on all reachable nodes. */
  public long pendingHints() {
    checkOpen();
    long n = pendingHintsNow();
    instruments.pendingHints(n);
    return n;
  }

  private long pendingHintsNow() {
    long n = 0;
    for (StorageNode node : topology.nodes.values()) {
      if (up(node.id())) {
        try {
          n += node.hintCount();
        } catch (RuntimeException e) {
          markDown(node.id(), e);
        }
      }
    }
    return n;
  }

  /** Hints delivered so far. */
  public long hintsReplayed() {
    checkOpen();
    return hintsReplayed.get();
  }

  // ------------------------------------------------------------------ validation

  private void validateKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length == 0) {
      throw new InvalidRequestException(
          "key is 0 bytes; allowed 1.." + config.maxKeyBytes() + " (an empty key names nothing)");
    }
    if (key.length > config.maxKeyBytes()) {
      throw new InvalidRequestException(
          "key is "
              + key.length
              + " bytes; allowed at most "
              + config.maxKeyBytes()
              + " (StoreConfig.maxKeyBytes)");
    }
  }

  private int required(Consistency c, boolean write) {
    Objects.requireNonNull(c, "consistency");
    if (write && c == config.writeConsistency()) {
      return config.writeQuorum();
    }
    if (!write && c == config.readConsistency()) {
      return config.readQuorum();
    }
    return c.required(config.replicationFactor());
  }

  /** The deadline of a call that started at {@code start} (its {@code System.nanoTime()}). */
  private static long deadline(Duration timeout, long start) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidRequestException("timeout must be a positive duration, found " + timeout);
    }
    return start + timeout.toNanos();
  }

  private void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private static IllegalStateException closedException() {
    return new IllegalStateException("replicated store is closed");
  }

  // ------------------------------------------------------------------ placement

  private List<String> prefs(NodeLocator l, byte[] key) {
    int[] buf = new int[config.replicationFactor()];
    int k = l.preferenceList(l.hash(key), buf.length, buf);
    List<String> ids = l.nodes();
    String[] out = new String[k];
    for (int i = 0; i < k; i++) {
      out[i] = ids.get(buf[i]);
    }
    return Arrays.asList(out);
  }

  /**
   * First reachable node past {@code exclude} along the key's full preference order, else any
   * other.
   */
  private Optional<StorageNode> hintHolder(
      Topology t, byte[] key, String target, Set<String> exclude) {
    NodeLocator l = t.locator;
    int[] all = new int[l.size()];
    int k = l.preferenceList(l.hash(key), all.length, all);
    for (int i = 0; i < k; i++) {
      String id = l.nodes().get(all[i]);
      if (!exclude.contains(id) && !id.equals(target) && up(id)) {
        return Optional.of(t.nodes.get(id));
      }
    }
    for (int i = 0; i < k; i++) {
      String id = l.nodes().get(all[i]);
      if (!id.equals(target) && up(id)) {
        return Optional.of(t.nodes.get(id));
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ writes

  // The scope only needs closing: it makes the observation current on this thread for the call.
  @SuppressWarnings("try")
  @Override
  public Version put(byte[] key, byte[] value, Consistency consistency, Duration timeout) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(timeout, "timeout");
    // Written out rather than through a lambda: this is the hot path, and it must not allocate.
    // One clock reading is both the deadline's base and the timer's start, so measuring the call
    // adds one System.nanoTime() (at the end), not two.
    Observation o = observations.start(StoreOperation.PUT, consistency);
    long start = System.nanoTime();
    try (Observation.Scope scope = o.openScope()) {
      Version v = putNow(key, value, consistency, timeout, start);
      instruments.record(StoreOperation.PUT, consistency, start, null);
      return v;
    } catch (RuntimeException e) {
      instruments.record(StoreOperation.PUT, consistency, start, e);
      o.error(e);
      throw e;
    } finally {
      o.stop();
    }
  }

  private Version putNow(
      byte[] key, byte[] value, Consistency consistency, Duration timeout, long start) {
    validateKey(key);
    // A null is not a deletion: delete() writes the tombstone.
    Objects.requireNonNull(value, "value");
    if (value.length > config.maxValueBytes()) {
      throw new InvalidRequestException(
          "value is "
              + value.length
              + " bytes; allowed at most "
              + config.maxValueBytes()
              + " (StoreConfig.maxValueBytes)");
    }
    return write(
        key,
        VersionedValue.of(new Version(clock.now(), config.writerId()), value),
        required(consistency, true),
        timeout,
        start);
  }

  // The scope only needs closing: it makes the observation current on this thread for the call.
  @SuppressWarnings("try")
  @Override
  public Version delete(byte[] key, Consistency consistency, Duration timeout) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(timeout, "timeout");
    Observation o = observations.start(StoreOperation.DELETE, consistency);
    long start = System.nanoTime();
    try (Observation.Scope scope = o.openScope()) {
      Version v = deleteNow(key, consistency, timeout, start);
      instruments.record(StoreOperation.DELETE, consistency, start, null);
      return v;
    } catch (RuntimeException e) {
      instruments.record(StoreOperation.DELETE, consistency, start, e);
      o.error(e);
      throw e;
    } finally {
      o.stop();
    }
  }

  private Version deleteNow(byte[] key, Consistency consistency, Duration timeout, long start) {
    validateKey(key);
    return write(
        key,
        VersionedValue.tombstone(new Version(clock.now(), config.writerId())),
        required(consistency, true),
        timeout,
        start);
  }

  private Version write(
      byte[] key, VersionedValue value, int required, Duration timeout, long start) {
    long deadline = deadline(timeout, start);
    Topology t = enter();
    try {
      if (writeInline(t, key, value)) {
        return value.version();
      }
      List<String> owners = prefs(t.locator, key);
      List<List<String>> groups = new ArrayList<>();
      groups.add(owners);
      Set<String> targets = new LinkedHashSet<>(owners);
      if (t.previous != null) {
        List<String> old = prefs(t.previous, key);
        groups.add(old);
        targets.addAll(old);
      }
      Quorum q = new Quorum(groups, required, targets.size());
      for (String target : targets) {
        dispatchWrite(t, target, key, value, q, targets);
      }
      boolean ok = await(q, deadline);
      if (!ok) {
        throw new QuorumNotReachedException(
            "write",
            display(key),
            required,
            q.acknowledged(),
            q.failures(new ArrayList<>(targets), timeout.toMillis()));
      }
      return value.version();
    } finally {
      t.inflight.decrementAndGet();
    }
  }

  /**
   * The inline write: when no membership change is under way and every owner is non-blocking (in
   * memory) and up, the caller's thread applies the value to each owner in turn. Every replica has
   * answered before the call could wait, so W (or any level) is met exactly as the general path
   * would find it, with no quorum collector, task, preference-list copy or thread hop to pay for.
   * Returns false, having done nothing the general path does not redo, when it does not apply or an
   * owner fails: the general path then re-sends to every owner (the ones already written hold the
   * same version and acknowledge), marks the failed one down and hands its copy off.
   */
  private boolean writeInline(Topology t, byte[] key, VersionedValue value) {
    if (t.previous != null) {
      return false;
    }
    int n = config.replicationFactor();
    InlineScratch s = InlineScratch.get(n);
    int k = inlineOwners(t, key, n, s);
    if (k < 0) {
      return false;
    }
    try {
      for (int i = 0; i < k; i++) {
        StorageNode node = s.nodes[i];
        try {
          node.putIfNewer(key, value);
        } catch (RuntimeException e) {
          markDown(node.id(), e);
          return false;
        }
      }
      return true;
    } finally {
      s.clear(k);
    }
  }

  /**
   * Fills {@code s.nodes} with the key's owners on the current locator and returns how many, or -1
   * (references cleared) when one of them is blocking or marked down and the general path must run.
   */
  private int inlineOwners(Topology t, byte[] key, int n, InlineScratch s) {
    NodeLocator l = t.locator;
    int k = l.preferenceList(l.hash(key), n, s.prefs);
    List<String> ids = l.nodes();
    for (int i = 0; i < k; i++) {
      String id = ids.get(s.prefs[i]);
      StorageNode node = t.nodes.get(id);
      if (node == null || !node.nonBlocking() || !up(id)) {
        s.clear(i);
        return -1;
      }
      s.nodes[i] = node;
    }
    return k;
  }

  /**
   * The inline read, under the same conditions as {@link #writeInline}: asks every owner on the
   * caller's thread, keeps the newest reply and repairs stale or missing owners before returning,
   * as the general path does once all replies are in (here they all are). Returns false, having
   * only marked a failed owner down, when it does not apply; the general path then asks again. The
   * newest value, or null for "no replica holds the key", is left in {@code s.replies[0]}.
   */
  private boolean readInline(Topology t, byte[] key, InlineScratch s, int n) {
    if (t.previous != null || !recovering.isEmpty()) {
      return false;
    }
    int k = inlineOwners(t, key, n, s);
    if (k < 0) {
      return false;
    }
    VersionedValue newest = null;
    for (int i = 0; i < k; i++) {
      StorageNode node = s.nodes[i];
      VersionedValue v;
      try {
        v = node.get(key).orElse(null);
      } catch (RuntimeException e) {
        markDown(node.id(), e);
        s.clear(k);
        return false;
      }
      s.replies[i] = v;
      if (v != null && (newest == null || v.isNewerThan(newest))) {
        newest = v;
      }
    }
    if (newest != null) {
      for (int i = 0; i < k && !closed; i++) {
        VersionedValue have = s.replies[i];
        if (have == null || newest.isNewerThan(have)) {
          try {
            if (s.nodes[i].putIfNewer(key, newest)) {
              instruments.readRepaired();
            }
          } catch (RuntimeException e) {
            markDown(s.nodes[i].id(), e);
          }
        }
      }
    }
    s.clear(k);
    s.replies[0] = newest;
    return true;
  }

  /**
   * Registers an operation on the current topology. Re-checks after registering so that a
   * membership change, which waits for the previous topology's operations to drain, cannot miss one
   * that read the old topology just before the switch.
   */
  private Topology enter() {
    while (true) {
      Topology t = topology;
      t.inflight.incrementAndGet();
      if (topology == t) {
        return t;
      }
      t.inflight.decrementAndGet();
    }
  }

  private static boolean await(Quorum q, long deadline) {
    try {
      return q.await(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for replicas", e);
    }
  }

  private void dispatchWrite(
      Topology t, String target, byte[] key, VersionedValue value, Quorum q, Set<String> targets) {
    StorageNode node = t.nodes.get(target);
    if (!up(target)) {
      run(
          null,
          () ->
              handOff(
                  t,
                  target,
                  key,
                  value,
                  q,
                  targets,
                  "marked down: " + health.get(target).lastError));
      return;
    }
    if (node.asynchronous()) {
      // Sent from the caller's thread; the reply completes the quorum on the node's event loop.
      // A failure's hand-off blocks on another node, so it goes to the I/O pool.
      sendAsync(() -> node.putIfNewerAsync(key, value))
          .whenComplete(
              (applied, error) -> {
                if (error == null) {
                  q.success(target, Optional.empty());
                  return;
                }
                RuntimeException e = unwrap(error);
                markDown(target, e);
                String reason = String.valueOf(e.getMessage());
                try {
                  run(null, () -> handOff(t, target, key, value, q, targets, reason));
                } catch (IllegalStateException closedNow) {
                  q.failure(target, reason + "; " + closedNow.getMessage());
                }
              });
      return;
    }
    run(
        node,
        () -> {
          try {
            node.putIfNewer(key, value);
            q.success(target, Optional.empty());
          } catch (RuntimeException e) {
            markDown(target, e);
            handOff(t, target, key, value, q, targets, String.valueOf(e.getMessage()));
          }
        });
  }

  /** A node's asynchronous call; one that throws instead of failing its stage fails the stage. */
  private static <T> CompletionStage<T> sendAsync(Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The exception a node's stage failed with, without the wrappers completion adds. */
  private static RuntimeException unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof RuntimeException r ? r : new StorageException(t.toString(), t);
  }

  private void handOff(
      Topology t,
      String target,
      byte[] key,
      VersionedValue value,
      Quorum q,
      Set<String> targets,
      String reason) {
    if (!config.hintedHandoff()) {
      q.failure(target, reason);
      return;
    }
    Optional<StorageNode> holder = hintHolder(t, key, target, targets);
    if (holder.isEmpty()) {
      q.failure(target, reason + "; no reachable node to hold a hint");
      return;
    }
    try {
      holder.get().putHint(target, key, value);
      instruments.hintWritten();
      if (config.sloppyQuorum()) {
        q.success(target, Optional.empty());
      } else {
        q.failure(target, reason + "; hinted to " + holder.get().id());
      }
    } catch (RuntimeException e) {
      markDown(holder.get().id(), e);
      q.failure(target, reason + "; hint to " + holder.get().id() + " failed: " + e.getMessage());
    }
  }

  /** Runs on the caller's thread for non-blocking nodes, on the I/O pool otherwise. */
  private void run(StorageNode node, Runnable task) {
    if (node != null && node.nonBlocking()) {
      task.run();
      return;
    }
    try {
      io.execute(task);
    } catch (RejectedExecutionException e) {
      // Only a shutdown pool rejects (the queue is unbounded): close() raced this call.
      IllegalStateException closed = closedException();
      closed.initCause(e);
      throw closed;
    }
  }

  // ------------------------------------------------------------------ reads

  // The scope only needs closing: it makes the observation current on this thread for the call.
  @SuppressWarnings("try")
  @Override
  public Optional<VersionedValue> getVersioned(
      byte[] key, Consistency consistency, Duration timeout) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(timeout, "timeout");
    Observation o = observations.start(StoreOperation.GET, consistency);
    long start = System.nanoTime();
    try (Observation.Scope scope = o.openScope()) {
      Optional<VersionedValue> v = getNow(key, consistency, timeout, start);
      instruments.record(StoreOperation.GET, consistency, start, null);
      return v;
    } catch (RuntimeException e) {
      instruments.record(StoreOperation.GET, consistency, start, e);
      o.error(e);
      throw e;
    } finally {
      o.stop();
    }
  }

  private Optional<VersionedValue> getNow(
      byte[] key, Consistency consistency, Duration timeout, long start) {
    validateKey(key);
    int required = required(consistency, false);
    long deadline = deadline(timeout, start);
    Topology t = enter();
    try {
      int n = config.replicationFactor();
      InlineScratch s = InlineScratch.get(n);
      if (readInline(t, key, s, n)) {
        VersionedValue newest = s.replies[0];
        s.replies[0] = null;
        return visible(newest);
      }
      // During a membership change the old owners are authoritative; new owners are asked too.
      List<String> authoritative =
          t.previous != null ? prefs(t.previous, key) : prefs(t.locator, key);
      Set<String> targets = new LinkedHashSet<>(authoritative);
      if (t.previous != null) {
        targets.addAll(prefs(t.locator, key));
      }
      Quorum q = new Quorum(List.of(authoritative), required, targets.size());
      Map<String, NodeRecovery> rec = recovering;
      int range = rec.isEmpty() ? -1 : KeyRanges.of(key, config.recoveryRanges());
      for (String target : targets) {
        StorageNode node = t.nodes.get(target);
        if (!up(target)) {
          q.failure(target, "marked down: " + health.get(target).lastError);
          continue;
        }
        NodeRecovery r = range < 0 ? null : rec.get(target);
        if (r != null && !r.received(range)) {
          // It takes writes, but what it holds for this range may be missing or stale: it must
          // not fill a slot of R, nor decide the newest value.
          q.failure(
              target, "recovering: range " + range + " of " + r.ranges() + " not received yet");
          continue;
        }
        if (node.asynchronous()) {
          sendAsync(() -> node.getAsync(key))
              .whenComplete(
                  (v, error) -> {
                    if (error == null) {
                      q.success(target, v);
                    } else {
                      RuntimeException e = unwrap(error);
                      markDown(target, e);
                      q.failure(target, String.valueOf(e.getMessage()));
                    }
                  });
          continue;
        }
        run(
            node,
            () -> {
              try {
                q.success(target, node.get(key));
              } catch (RuntimeException e) {
                markDown(target, e);
                q.failure(target, String.valueOf(e.getMessage()));
              }
            });
      }
      boolean ok = await(q, deadline);
      if (!ok) {
        throw new QuorumNotReachedException(
            "read",
            display(key),
            required,
            q.acknowledged(),
            q.failures(new ArrayList<>(targets), timeout.toMillis()));
      }
      VersionedValue newest = q.newest();
      q.whenAllDone(() -> readRepair(t, key, q));
      return visible(newest);
    } finally {
      t.inflight.decrementAndGet();
    }
  }

  /** What a read returns for the newest reply (null: no replica holds the key). */
  private Optional<VersionedValue> visible(VersionedValue newest) {
    if (newest == null) {
      return Optional.empty();
    }
    clock.observe(newest.version().timestamp());
    return newest.isTombstone() ? Optional.empty() : Optional.of(newest);
  }

  private static VersionedValue newest(Map<String, Optional<VersionedValue>> replies) {
    VersionedValue best = null;
    for (Optional<VersionedValue> r : replies.values()) {
      if (r.isPresent() && (best == null || r.get().isNewerThan(best))) {
        best = r.get();
      }
    }
    return best;
  }

  private void readRepair(Topology t, byte[] key, Quorum q) {
    Map<String, Optional<VersionedValue>> replies = q.replies();
    VersionedValue newest = newest(replies);
    if (newest == null) {
      return;
    }
    for (Map.Entry<String, Optional<VersionedValue>> e : replies.entrySet()) {
      Optional<VersionedValue> have = e.getValue();
      if (have.isEmpty() || newest.isNewerThan(have.get())) {
        String id = e.getKey();
        StorageNode node = t.nodes.get(id);
        if (closed) {
          return;
        }
        run(
            node,
            () -> {
              try {
                if (node.putIfNewer(key, newest)) {
                  instruments.readRepaired();
                }
              } catch (RuntimeException ex) {
                markDown(id, ex);
              }
            });
      }
    }
  }

  // ------------------------------------------------------------------ health and hints

  private void markDown(String id, RuntimeException e) {
    Health h = health.get(id);
    if (h != null) {
      h.lastError = String.valueOf(e.getMessage());
      if (h.up) {
        h.up = false;
        instruments.healthChanged();
        LOG.warn("node '{}' marked down: {}", id, e.getMessage());
      }
    }
  }

  private void maintain() {
    if (closed) {
      return;
    }
    try {
      Topology t = topology;
      for (StorageNode n : t.nodes.values()) {
        Health h = health.get(n.id());
        if (h != null && !h.up) {
          try {
            n.ping();
            // Before it counts again: a node that came back empty must first be seen recovering.
            checkIncarnation(n, n.incarnation());
            h.up = true;
            instruments.healthChanged();
            LOG.info("node '{}' is reachable again", n.id());
          } catch (RuntimeException e) {
            h.lastError = String.valueOf(e.getMessage());
          }
        } else if (h != null) {
          try {
            // A restart between two calls is never seen as an outage: the marker tells.
            checkIncarnation(n, n.incarnation());
          } catch (RuntimeException e) {
            markDown(n.id(), e);
          }
        }
      }
      replayHintsNow();
      if (instruments.pendingHintsStale()) {
        instruments.pendingHints(pendingHintsNow());
      }
      long grace = config.tombstoneGrace().toNanos();
      long purgeEvery =
          Math.max(TimeUnit.SECONDS.toNanos(1), Math.min(grace / 2, TimeUnit.HOURS.toNanos(1)));
      if (System.nanoTime() - lastPurgeNanos > purgeEvery) {
        lastPurgeNanos = System.nanoTime();
        purgeTombstonesNow();
      }
    } catch (RuntimeException e) {
      LOG.warn("maintenance pass failed: {}", e.toString());
    }
  }

  /**
   * Delivers hints held by reachable nodes to reachable targets (newer-wins), removing each
   * delivered hint unless a newer one replaced it meanwhile. Hints for nodes no longer in the store
   * go to the key's current replicas. Runs on its own every probe interval; returns hints
   * delivered.
   */
  public long replayHints() {
    checkOpen();
    return measured(StoreOperation.REPLAY_HINTS, this::replayHintsNow);
  }

  private long replayHintsNow() {
    Topology t = topology;
    long delivered = 0;
    Set<String> known = t.nodes.keySet();
    for (StorageNode holder : t.nodes.values()) {
      if (!up(holder.id())) {
        continue;
      }
      try {
        for (String target : holder.hintTargets()) {
          if (!up(target) && known.contains(target)) {
            continue;
          }
          List<Hint> batch;
          while (!(batch = holder.hints(target, HINT_BATCH)).isEmpty()) {
            int before = (int) delivered;
            for (Hint h : batch) {
              if (deliver(t, h)) {
                holder.removeHint(target, h.key(), h.value().version());
                delivered++;
              }
            }
            if ((int) delivered == before) {
              break;
            }
          }
        }
      } catch (RuntimeException e) {
        markDown(holder.id(), e);
      }
    }
    hintsReplayed.addAndGet(delivered);
    instruments.hintsReplayed(delivered);
    return delivered;
  }

  private boolean deliver(Topology t, Hint h) {
    StorageNode target = t.nodes.get(h.target());
    try {
      if (target != null) {
        if (!up(target.id())) {
          return false;
        }
        target.putIfNewer(h.key(), h.value());
        return true;
      }
      for (String id : prefs(t.locator, h.key())) {
        t.nodes.get(id).putIfNewer(h.key(), h.value());
      }
      return true;
    } catch (RuntimeException e) {
      markDown(target != null ? target.id() : h.target(), e);
      return false;
    }
  }

  // ------------------------------------------------------------------ repair and purge

  /**
   * Full anti-entropy: every entry on every reachable node is pushed (newer-wins) to the key's
   * current replicas, so all replicas converge to the newest version of every key they own.
   */
  public RepairReport antiEntropy() {
    checkOpen();
    return measured(StoreOperation.ANTI_ENTROPY, this::antiEntropyNow);
  }

  private RepairReport antiEntropyNow() {
    Topology t = topology;
    AtomicLong scanned = new AtomicLong();
    AtomicLong updated = new AtomicLong();
    for (StorageNode source : t.nodes.values()) {
      if (!up(source.id())) {
        continue;
      }
      try {
        source.forEach(
            (key, value) -> {
              scanned.incrementAndGet();
              for (String id : prefs(t.locator, key)) {
                if (!id.equals(source.id()) && up(id)) {
                  try {
                    if (t.nodes.get(id).putIfNewer(key, value)) {
                      updated.incrementAndGet();
                    }
                  } catch (RuntimeException e) {
                    markDown(id, e);
                  }
                }
              }
            });
      } catch (RuntimeException e) {
        markDown(source.id(), e);
      }
    }
    instruments.antiEntropy(scanned.get(), updated.get());
    return new RepairReport(scanned.get(), updated.get());
  }

  /**
   * One Merkle-tree anti-entropy cycle now: the replicas of every range compare hash trees over key
   * and version and exchange only the entries of the leaves that differ (recovering nodes first).
   * The background cycle ({@link StoreConfig#backgroundAntiEntropy()}) runs the same every {@link
   * StoreConfig#antiEntropyInterval()}; {@link #antiEntropy()} stays the full-scan fallback. Cycles
   * do not overlap: a call waits for a running one. During a membership change it compares nothing
   * (the change streams the keys itself) and returns an empty report.
   */
  public AntiEntropyReport merkleRepair() {
    checkOpen();
    return measured(StoreOperation.MERKLE_REPAIR, this::merkleNow);
  }

  /** The last Merkle anti-entropy cycle's report, background or called; empty before the first. */
  public Optional<AntiEntropyReport> lastMerkleRepair() {
    checkOpen();
    return Optional.ofNullable(lastMerkle);
  }

  private AntiEntropyReport merkleNow() {
    synchronized (merkleLock) {
      Topology t = topology;
      AntiEntropyReport r;
      if (t.previous != null) {
        r = new AntiEntropyReport(0, 0, 0, 0, 0, 0, Duration.ZERO, java.time.Instant.now());
      } else {
        MerkleRepair cycle =
            new MerkleRepair(
                t.locator,
                t.nodes,
                this::up,
                this::markDown,
                antiEntropyLimiter,
                config.replicationFactor(),
                config.recoveryRanges(),
                config.merkleLeavesPerRange());
        try {
          r = cycle.run(recovering.keySet());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StorageException("interrupted during anti-entropy", e);
        }
      }
      lastMerkle = r;
      instruments.merkleRepair(r);
      return r;
    }
  }

  private void backgroundMerkle() {
    if (closed) {
      return;
    }
    try {
      AntiEntropyReport r = merkleNow();
      LOG.debug(
          "anti-entropy: {} ranges compared, {} leaves differing, {} keys repaired, {} bytes moved",
          r.rangesCompared(),
          r.leavesDiffering(),
          r.keysRepaired(),
          r.bytesMoved());
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("background anti-entropy failed: {}", e.toString());
      }
    }
  }

  /** Removes tombstones older than the grace period from every reachable node; returns how many. */
  public long purgeTombstones() {
    checkOpen();
    return measured(StoreOperation.PURGE_TOMBSTONES, this::purgeTombstonesNow);
  }

  /**
   * Runs a maintenance operation (no consistency level) inside its observation and timer. Not the
   * hot path: the lambda the caller passes may allocate.
   */
  @SuppressWarnings("try") // the scope only needs closing, as in put
  private <T> T measured(StoreOperation operation, Supplier<T> body) {
    Observation o = observations.start(operation, null);
    long start = System.nanoTime();
    try (Observation.Scope scope = o.openScope()) {
      T result = body.get();
      instruments.record(operation, null, start, null);
      return result;
    } catch (RuntimeException e) {
      instruments.record(operation, null, start, e);
      o.error(e);
      throw e;
    } finally {
      o.stop();
    }
  }

  private long purgeTombstonesNow() {
    long cutoff = System.currentTimeMillis() - config.tombstoneGrace().toMillis();
    AtomicLong purged = new AtomicLong();
    for (StorageNode n : topology.nodes.values()) {
      if (!up(n.id())) {
        continue;
      }
      try {
        List<Map.Entry<byte[], Version>> old = new ArrayList<>();
        n.forEach(
            (k, v) -> {
              if (v.isTombstone() && v.version().physicalMillis() < cutoff) {
                old.add(Map.entry(k, v.version()));
              }
            });
        for (Map.Entry<byte[], Version> e : old) {
          if (n.removeIfVersion(e.getKey(), e.getValue())) {
            purged.incrementAndGet();
          }
        }
      } catch (RuntimeException e) {
        markDown(n.id(), e);
      }
    }
    return purged.get();
  }

  // ------------------------------------------------------------------ incarnations and recovery

  /**
   * First contact with the nodes the store was created over: when no reachable node holds a marker
   * the cluster is new (or predates markers) and every node is stamped ready; otherwise each node
   * is checked as the maintenance pass checks it, so one that lost its data is recovered.
   */
  private void meetNodes(java.util.Collection<StorageNode> nodes) {
    Map<StorageNode, Optional<Incarnation>> seen = new LinkedHashMap<>();
    for (StorageNode n : nodes) {
      try {
        seen.put(n, n.incarnation());
      } catch (RuntimeException e) {
        markDown(n.id(), e);
      }
    }
    boolean fresh = seen.values().stream().allMatch(Optional::isEmpty);
    for (Map.Entry<StorageNode, Optional<Incarnation>> e : seen.entrySet()) {
      StorageNode n = e.getKey();
      try {
        if (fresh) {
          stampReady(n);
        } else {
          checkIncarnation(n, e.getValue());
        }
      } catch (RuntimeException ex) {
        markDown(n.id(), ex);
      }
    }
  }

  private void stampReady(StorageNode n) {
    Incarnation inc = Incarnation.fresh(n.id(), true);
    n.writeIncarnation(inc);
    incarnations.put(n.id(), inc);
  }

  /**
   * Compares the marker {@code stored} read from {@code n} with the one this store last saw and
   * starts a recovery when the node lost it, holds another node's or another incarnation's, or says
   * that a recovery was cut short.
   */
  private void checkIncarnation(StorageNode n, Optional<Incarnation> stored) {
    String id = n.id();
    if (closed) {
      return;
    }
    Incarnation known = incarnations.get(id);
    NodeRecovery active = recovering.get(id);
    if (stored.isEmpty()) {
      startRecovery(n, RecoveryReason.MISSING_MARKER, null);
      return;
    }
    Incarnation cur = stored.get();
    if (!cur.nodeId().equals(id)) {
      startRecovery(n, RecoveryReason.CHANGED_INCARNATION, null);
      return;
    }
    if (known != null && !known.sameIncarnation(cur)) {
      // Another coordinator re-stamped it: adopt its token (so stores converge on one), recover.
      startRecovery(n, RecoveryReason.CHANGED_INCARNATION, cur);
      return;
    }
    if (!cur.ready() && (active == null || !active.incarnation.sameIncarnation(cur))) {
      startRecovery(n, RecoveryReason.INTERRUPTED, cur);
      return;
    }
    if (active == null) {
      incarnations.put(id, cur);
    }
  }

  private void startRecovery(StorageNode n, RecoveryReason reason, Incarnation adopt) {
    String id = n.id();
    Incarnation inc = adopt != null ? adopt.withReady(false) : Incarnation.fresh(id, false);
    NodeRecovery r = new NodeRecovery(id, inc, reason, config.recoveryRanges());
    synchronized (recoveryLock) {
      if (closed || !topology.nodes.containsKey(id)) {
        return;
      }
      // Registered before anything else, so that reads stop counting the node at once.
      incarnations.put(id, inc);
      recoveries.put(id, r);
      Map<String, NodeRecovery> next = new LinkedHashMap<>(recovering);
      next.put(id, r);
      recovering = Map.copyOf(next);
    }
    instruments.recoveryStarted(reason);
    LOG.warn(
        "node '{}' is recovering ({}): incarnation {}, streaming its {} ranges from the other"
            + " replicas",
        id,
        reason.tag(),
        inc.token(),
        r.ranges());
    try {
      n.writeIncarnation(inc);
    } catch (RuntimeException e) {
      // Down again: it stays recovering; once it answers, the marker check starts over.
      markDown(id, e);
    }
    try {
      recoveryThreads.execute(() -> drive(r));
    } catch (RejectedExecutionException e) {
      // close() raced the start: nothing left to recover for.
    }
  }

  /** Ranges recovering nodes have still to receive (the pending-ranges gauge). */
  private long pendingRecoveryRanges() {
    long n = 0;
    for (NodeRecovery r : recovering.values()) {
      n += r.pending();
    }
    return n;
  }

  private boolean current(NodeRecovery r) {
    return !closed && recovering.get(r.nodeId) == r;
  }

  /**
   * Streams the node's ranges to it one at a time, each from every other member (a key's newest
   * version may sit on any one of its other replicas), then marks its incarnation ready. A range
   * counts as received only when every other member was scanned for it: while one is down or a
   * stream fails, the pass waits a probe interval and goes on where it stopped.
   */
  private void drive(NodeRecovery r) {
    long pause = config.probeInterval().toMillis();
    try {
      while (current(r)) {
        Topology t = topology;
        StorageNode target = t.nodes.get(r.nodeId);
        if (target == null) {
          finishRecovery(r, false);
          return;
        }
        int range = r.nextPending();
        if (range < 0) {
          try {
            target.writeIncarnation(r.incarnation.withReady(true));
            finishRecovery(r, true);
            return;
          } catch (RuntimeException e) {
            markDown(r.nodeId, e);
            Thread.sleep(pause);
            continue;
          }
        }
        if (!up(r.nodeId) || !othersUp(t, r.nodeId) || !streamRange(t, target, r, range)) {
          Thread.sleep(pause);
          continue;
        }
        r.markReceived(range);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("recovery of node '{}' failed: {}", r.nodeId, e.toString());
    }
  }

  private boolean othersUp(Topology t, String except) {
    for (String id : t.nodes.keySet()) {
      if (!id.equals(except) && !up(id)) {
        return false;
      }
    }
    return true;
  }

  /** Thrown out of a scan when the recovering node itself failed, to stop the pass. */
  private static final class TargetFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TargetFailed(RuntimeException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** Thrown out of a scan when the rate limiter's sleep was interrupted (close). */
  private static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Interrupted() {
      super("interrupted", null, false, false);
    }
  }

  /** One range from every other member; false when a member or the target failed. */
  private boolean streamRange(Topology t, StorageNode target, NodeRecovery r, int range)
      throws InterruptedException {
    int ranges = r.ranges();
    for (StorageNode source : t.nodes.values()) {
      if (source == target) {
        continue;
      }
      if (!current(r)) {
        return false;
      }
      try {
        source.forEach(
            (key, value) -> {
              if (KeyRanges.of(key, ranges) != range || !replicates(t, key, r.nodeId)) {
                return;
              }
              long bytes = key.length + value.value().length;
              try {
                recoveryLimiter.acquire(bytes);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted();
              }
              try {
                target.putIfNewer(key, value);
              } catch (RuntimeException e) {
                throw new TargetFailed(e);
              }
              r.streamed(1, bytes);
              instruments.recoveryStreamed(1, bytes);
            });
      } catch (Interrupted e) {
        throw new InterruptedException("recovery interrupted");
      } catch (TargetFailed e) {
        markDown(r.nodeId, (RuntimeException) e.getCause());
        return false;
      } catch (RuntimeException e) {
        markDown(source.id(), e);
        return false;
      }
    }
    return true;
  }

  /** Whether {@code nodeId} is a replica of {@code key} now, or before a change under way. */
  private boolean replicates(Topology t, byte[] key, String nodeId) {
    return prefs(t.locator, key).contains(nodeId)
        || (t.previous != null && prefs(t.previous, key).contains(nodeId));
  }

  private void finishRecovery(NodeRecovery r, boolean complete) {
    synchronized (recoveryLock) {
      if (recovering.get(r.nodeId) != r) {
        return;
      }
      if (complete) {
        r.complete();
        incarnations.put(r.nodeId, r.incarnation.withReady(true));
      }
      Map<String, NodeRecovery> next = new LinkedHashMap<>(recovering);
      next.remove(r.nodeId);
      recovering = Map.copyOf(next);
    }
    if (complete) {
      RecoveryProgress p = r.snapshot();
      LOG.info(
          "node '{}' recovered: {} ranges, {} keys and {} bytes streamed",
          r.nodeId,
          p.rangesTotal(),
          p.keysStreamed(),
          p.bytesStreamed());
    }
  }

  /**
   * The latest recovery of each node this store has recovered or is recovering (a node that came
   * back without its incarnation marker, or with another one), as immutable snapshots.
   */
  public List<RecoveryProgress> recoveries() {
    checkOpen();
    List<RecoveryProgress> out = new ArrayList<>();
    for (NodeRecovery r : recoveries.values()) {
      out.add(r.snapshot());
    }
    return List.copyOf(out);
  }

  /** The latest recovery of node {@code nodeId}; empty if this store never recovered it. */
  public Optional<RecoveryProgress> recovery(String nodeId) {
    checkOpen();
    Objects.requireNonNull(nodeId, "nodeId");
    NodeRecovery r = recoveries.get(nodeId);
    return r == null ? Optional.empty() : Optional.of(r.snapshot());
  }

  /** True while node {@code nodeId} is recovering (see {@link #recoveries()}). */
  public boolean isRecovering(String nodeId) {
    checkOpen();
    Objects.requireNonNull(nodeId, "nodeId");
    return recovering.containsKey(nodeId);
  }

  /** The incarnation this store last saw or stamped on node {@code nodeId}. */
  public Optional<Incarnation> incarnation(String nodeId) {
    checkOpen();
    Objects.requireNonNull(nodeId, "nodeId");
    return Optional.ofNullable(incarnations.get(nodeId));
  }

  // ------------------------------------------------------------------ membership

  /** Adds {@code node} (weight 1) and streams the keys it now owns to it. */
  public Rebalance addNode(StorageNode node) {
    return addNode(node, 1);
  }

  /**
   * Adds {@code node} with {@code weight} and streams the keys it now owns to it. {@code RING},
   * {@code KETAMA} and {@code MAGLEV} honour the weight (1..1000; a Ketama store switches to
   * spymemcached's weighted continuum if it was unweighted); {@code JUMP} and {@code ANCHOR} allow
   * only 1.
   *
   * @throws InvalidRequestException before any change if the id is a member or the placement does
   *     not allow {@code weight}
   */
  public Rebalance addNode(StorageNode node, int weight) {
    checkOpen();
    Objects.requireNonNull(node, "node");
    return measured(StoreOperation.ADD_NODE, () -> addNodeNow(node, weight));
  }

  private Rebalance addNodeNow(StorageNode node, int weight) {
    synchronized (membershipLock) {
      checkOpen();
      Topology old = topology;
      if (old.nodes.containsKey(node.id())) {
        throw new InvalidRequestException(
            "node '"
                + node.id()
                + "' is already a member; allowed: an id not in "
                + old.nodes.keySet());
      }
      NodeLocator next = old.locator.withNode(node.id(), weight);
      Map<String, StorageNode> nodes = new LinkedHashMap<>(old.nodes);
      nodes.put(node.id(), node);
      if (health.putIfAbsent(node.id(), new Health()) == null) {
        String id = node.id();
        instruments.nodeAdded(id, () -> up(id));
      }
      try {
        // The join streams its keys to it; it only needs a marker so a later loss is noticed.
        Optional<Incarnation> m = node.incarnation();
        if (m.isPresent() && m.get().nodeId().equals(node.id())) {
          incarnations.put(node.id(), m.get().withReady(true));
          node.writeIncarnation(m.get().withReady(true));
        } else {
          stampReady(node);
        }
      } catch (RuntimeException e) {
        markDown(node.id(), e);
      }
      return change(old, next, nodes, nodes);
    }
  }

  /**
   * Removes node {@code id}, streaming its keys (from it if reachable, else from other replicas).
   */
  public Rebalance removeNode(String id) {
    checkOpen();
    Objects.requireNonNull(id, "id");
    return measured(StoreOperation.REMOVE_NODE, () -> removeNodeNow(id));
  }

  private Rebalance removeNodeNow(String id) {
    synchronized (membershipLock) {
      checkOpen();
      Topology old = topology;
      if (!old.nodes.containsKey(id)) {
        throw new InvalidRequestException(
            "node '" + id + "' is not a member; members are " + old.nodes.keySet());
      }
      if (old.nodes.size() - 1 < config.replicationFactor()) {
        throw new InvalidRequestException(
            "removing '"
                + id
                + "' would leave "
                + (old.nodes.size() - 1)
                + " nodes, fewer than replicationFactor "
                + config.replicationFactor());
      }
      NodeLocator next = old.locator.withoutNode(id);
      Map<String, StorageNode> finalNodes = new LinkedHashMap<>(old.nodes);
      finalNodes.remove(id);
      Rebalance r = change(old, next, old.nodes, finalNodes);
      synchronized (recoveryLock) {
        if (recovering.containsKey(id)) {
          Map<String, NodeRecovery> rest = new LinkedHashMap<>(recovering);
          rest.remove(id);
          recovering = Map.copyOf(rest);
        }
        recoveries.remove(id);
        incarnations.remove(id);
      }
      health.remove(id);
      instruments.nodeRemoved(id);
      return r;
    }
  }

  private Rebalance change(
      Topology old,
      NodeLocator next,
      Map<String, StorageNode> during,
      Map<String, StorageNode> after) {
    Topology transition = new Topology(next, old.locator, during);
    topology = transition;
    awaitQuiet(old);
    AtomicLong copies = new AtomicLong();
    Set<ByteKeyHolder> moved = ConcurrentHashMap.newKeySet();
    List<Object[]> cleanup = new ArrayList<>();
    for (StorageNode source : during.values()) {
      if (!up(source.id())) {
        continue;
      }
      try {
        source.forEach(
            (key, value) -> {
              List<String> before = prefs(old.locator, key);
              List<String> now = prefs(next, key);
              if (before.equals(now)) {
                return;
              }
              moved.add(new ByteKeyHolder(key));
              for (String id : now) {
                if (!before.contains(id)) {
                  try {
                    if (during.get(id).putIfNewer(key, value)) {
                      copies.incrementAndGet();
                    }
                  } catch (RuntimeException e) {
                    markDown(id, e);
                  }
                }
              }
              if (!now.contains(source.id())) {
                cleanup.add(new Object[] {source, key, value.version()});
              }
            });
      } catch (RuntimeException e) {
        markDown(source.id(), e);
      }
    }
    Topology done = new Topology(next, null, after);
    topology = done;
    awaitQuiet(transition);
    for (Object[] c : cleanup) {
      StorageNode n = (StorageNode) c[0];
      if (after.containsKey(n.id())) {
        try {
          n.removeIfVersion((byte[]) c[1], (Version) c[2]);
        } catch (RuntimeException e) {
          markDown(n.id(), e);
        }
      }
    }
    return Rebalance.between(old.locator, next).withKeys(moved.size(), copies.get());
  }

  /** Waits (bounded) until operations that started on {@code t} have finished. */
  private void awaitQuiet(Topology t) {
    long until = System.nanoTime() + config.timeout().toNanos() * 2;
    while (t.inflight.get() > 0 && System.nanoTime() < until) {
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private record ByteKeyHolder(byte[] key) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ByteKeyHolder h && Arrays.equals(h.key, key);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(key);
    }
  }

  private static String display(byte[] key) {
    String s = new String(key, 0, Math.min(key.length, 64), StandardCharsets.UTF_8);
    return key.length > 64 ? s + "…" : s;
  }

  /** True when every node of the current topology is an in-memory node. */
  @Override
  public boolean inMemory() {
    return topology.nodes.values().stream().allMatch(StorageNode::inMemory);
  }

  /**
   * Stops background work and waits (up to the configured timeout) for replica I/O in flight, and
   * takes the store's gauges out of the meter registry (its timers and counters stay: they are
   * cumulative). Idempotent: a second call, also a concurrent one, returns once the first has
   * finished. Nodes are owned by the caller and are not closed.
   */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      instruments.close();
      maintenance.shutdownNow();
      recoveryThreads.shutdownNow();
      antiEntropyThread.shutdownNow();
      io.shutdown();
      try {
        if (!io.awaitTermination(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
          io.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        io.shutdownNow();
      }
    }
  }

  /** Node ids currently placed. */
  public List<String> nodeIds() {
    checkOpen();
    return topology.locator.nodes();
  }

  /** Node ids currently placed, in placement order, with the weight each is placed at. */
  public Map<String, Integer> weights() {
    checkOpen();
    NodeLocator l = topology.locator;
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < l.size(); i++) {
      m.put(l.nodes().get(i), l.weight(i));
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Snapshot of which nodes are considered up. */
  public Map<String, Boolean> health() {
    checkOpen();
    Map<String, Boolean> m = new LinkedHashMap<>();
    for (String id : topology.nodes.keySet()) {
      m.put(id, up(id));
    }
    return m;
  }
}
