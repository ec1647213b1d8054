package dev.cloudnative.storage.node;

import dev.cloudnative.storage.Hint;
import dev.cloudnative.storage.Incarnation;
import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeUnavailableException;
import dev.cloudnative.storage.StorageException;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A node stored in one Redis server through Lettuce. Each entry is one Redis string under {@code
 * prefix + "d:" + key} holding {@code 32 hex digits of version + 'v'|'t' + value bytes}; hints for
 * a target live in the hash {@code prefix + "h:" + target}, the incarnation marker in the string
 * {@code prefix + "incarnation"} (so a server restarted empty, or flushed, has none). Newer-wins is
 * atomic on the server: a Lua script compares the stored version prefix with the new one (chunk by
 * chunk as numbers, so no locale-dependent string comparison) and only then writes. Scripts run by
 * EVALSHA with an EVAL fallback, so a restarted (empty) server works without reloading. Commands
 * carry a timeout, are rejected immediately while the connection is down (the coordinator then
 * hints), and Lettuce reconnects in the background. A small set of pipelined connections is used
 * round-robin, skipping one that is still reconnecting; {@link #ping()} succeeds only when every
 * connection answers, so a node reported healthy accepts the next command on whichever connection
 * it takes. {@link #putIfNewerAsync} and {@link #getAsync} pipeline the command and return a stage
 * that Lettuce's event loop completes ({@link #asynchronous()}), so a coordinator waits on no
 * thread of its own per replica call. After {@link #close()} every method but {@link #id()}, {@link
 * #nonBlocking()} and {@code toString()} throws {@link IllegalStateException}, also for a command
 * that a concurrent close cut off. Thread-safe.
 */
public final class RedisNode implements StorageNode {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisNode.class);
  private static final String NEWER =
      """
      local function newer(a, b)
        for i = 1, 32, 8 do
          local x = tonumber(string.sub(a, i, i + 7), 16)
          local y = tonumber(string.sub(b, i, i + 7), 16)
          if x ~= y then return x > y end
        end
        return false
      end
      """;
  private static final Script PUT_IF_NEWER =
      new Script(
          NEWER
              + """
              local cur = redis.call('GETRANGE', KEYS[1], 0, 31)
              if cur == '' or newer(string.sub(ARGV[1], 1, 32), cur) then
                redis.call('SET', KEYS[1], ARGV[1])
                return 1
              end
              return 0
              """);
  private static final Script REMOVE_IF_VERSION =
      new Script(
          """
          if redis.call('GETRANGE', KEYS[1], 0, 31) == ARGV[1] then
            redis.call('DEL', KEYS[1])
            return 1
          end
          return 0
          """);
  private static final Script PUT_HINT =
      new Script(
          NEWER
              + """
              local cur = redis.call('HGET', KEYS[1], ARGV[1])
              if (not cur) or newer(string.sub(ARGV[2], 1, 32), string.sub(cur, 1, 32)) then
                redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
                return 1
              end
              return 0
              """);
  private static final Script REMOVE_HINT =
      new Script(
          """
          local cur = redis.call('HGET', KEYS[1], ARGV[1])
          if cur and string.sub(cur, 1, 32) == ARGV[2] then
            redis.call('HDEL', KEYS[1], ARGV[1])
            return 1
          end
          return 0
          """);

  private final String id;
  private final RedisClient client;
  private final ClientResources resources;
  private final boolean ownsResources;
  private final byte[] dataPrefix;
  private final byte[] hintPrefix;
  private final byte[] incarnationKey;
  private final Duration timeout;
  private final Object[] slots;
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean closed;

  private record Script(String source, String sha) {
    Script(String source) {
      this(source, sha1(source));
    }
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new StorageException("SHA-1 is required by the Java platform but is missing", e);
    }
  }

  private RedisNode(Builder b) {
    this.id = b.id;
    this.timeout = b.timeout;
    this.dataPrefix = (b.prefix + "d:").getBytes(StandardCharsets.UTF_8);
    this.hintPrefix = (b.prefix + "h:").getBytes(StandardCharsets.UTF_8);
    this.incarnationKey = (b.prefix + "incarnation").getBytes(StandardCharsets.UTF_8);
    this.ownsResources = b.resources == null;
    this.resources =
        b.resources != null
            ? b.resources
            : DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                // Reconnect quickly after a restart (default backs off to 30 s); capped at 1 s.
                .reconnectDelay(
                    Delay.exponential(
                        Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    RedisURI uri =
        RedisURI.builder()
            .withHost(b.host)
            .withPort(b.port)
            .withTimeout(b.connectTimeout)
            .withDatabase(b.database)
            .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(b.timeout))
            .socketOptions(SocketOptions.builder().connectTimeout(b.connectTimeout).build())
            .build());
    this.slots = new Object[b.connections];
  }

  public static Builder builder(String id, String host, int port) {
    return new Builder(id, host, port);
  }

  /** Builder for {@link RedisNode}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private final String host;
    private final int port;
    private Duration timeout = Duration.ofMillis(500);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int connections = 2;
    private String prefix = "cn:";
    private int database;
    private ClientResources resources;

    private Builder(String id, String host, int port) {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(host, "host");
      if (id.isBlank()) {
        throw new InvalidRequestException("node id must be non-blank, found '" + id + "'");
      }
      if (host.isBlank()) {
        throw new InvalidRequestException("node '" + id + "' needs a host, found '" + host + "'");
      }
      if (port < 1 || port > 65535) {
        throw new InvalidRequestException(
            "node '" + id + "' port must be in 1..65535, found " + port);
      }
      this.id = id;
      this.host = host;
      this.port = port;
    }

    /** Per-command and connect timeout (default 500 ms). */
    public Builder timeout(Duration t) {
      java.util.Objects.requireNonNull(t, "timeout");
      if (t.isNegative() || t.isZero()) {
        throw new InvalidRequestException("timeout must be positive, found " + t);
      }
      this.timeout = t;
      return this;
    }

    /** Connect and handshake timeout (default 5 s). */
    public Builder connectTimeout(Duration t) {
      java.util.Objects.requireNonNull(t, "connectTimeout");
      if (t.isNegative() || t.isZero()) {
        throw new InvalidRequestException("connectTimeout must be positive, found " + t);
      }
      this.connectTimeout = t;
      return this;
    }

    /** Pipelined connections used round-robin (default 2, allowed 1..64). */
    public Builder connections(int n) {
      if (n < 1 || n > 64) {
        throw new InvalidRequestException("connections must be in 1..64, found " + n);
      }
      this.connections = n;
      return this;
    }

    /** Key namespace (default "cn:"); no glob characters. */
    public Builder keyPrefix(String p) {
      java.util.Objects.requireNonNull(p, "prefix");
      if (p.chars().anyMatch(c -> "*?[]\\".indexOf(c) >= 0)) {
        throw new InvalidRequestException(
            "key prefix must not contain * ? [ ] \\, found '" + p + "'");
      }
      this.prefix = p;
      return this;
    }

    public Builder database(int db) {
      if (db < 0) {
        throw new InvalidRequestException("database must be >= 0, found " + db);
      }
      this.database = db;
      return this;
    }

    /**
     * Lettuce resources (event loops) to share between nodes; the caller keeps ownership and shuts
     * them down. By default each node creates and owns its own small set.
     */
    public Builder clientResources(ClientResources r) {
      this.resources = java.util.Objects.requireNonNull(r, "clientResources");
      return this;
    }

    /**
     * Creates the node and tries to open its connections now, so the first call does not pay the
     * handshake; if the server is down the node is still created and connects on first use.
     */
    public RedisNode build() {
      RedisNode node = new RedisNode(this);
      try {
        for (int i = 0; i < node.slots.length; i++) {
          node.connection(i);
        }
      } catch (NodeUnavailableException e) {
        LOG.debug("node '{}' not reachable yet: {}", id, e.getMessage());
      }
      return node;
    }
  }

  @Override
  public String id() {
    return id;
  }

  /**
   * The next connection round-robin, skipping one that is reconnecting when another is up: with
   * {@code REJECT_COMMANDS} a command on a connection whose channel is not (yet) active fails with
   * "Currently not connected" even though its sibling already reconnected. Only when every
   * connection is down does the command go out (and get rejected at once, so the coordinator hints
   * instead of waiting).
   */
  private RedisCommands<byte[], byte[]> commands() {
    return pick().sync();
  }

  private StatefulRedisConnection<byte[], byte[]> pick() {
    if (closed) {
      throw closedException();
    }
    int start = Math.floorMod(next.getAndIncrement(), slots.length);
    StatefulRedisConnection<byte[], byte[]> first = connection(start);
    if (first.isOpen()) {
      return first;
    }
    for (int k = 1; k < slots.length; k++) {
      StatefulRedisConnection<byte[], byte[]> c = connection((start + k) % slots.length);
      if (c.isOpen()) {
        return c;
      }
    }
    return first;
  }

  /** The connection in slot {@code i}, opened on first use. */
  @SuppressWarnings("unchecked")
  private StatefulRedisConnection<byte[], byte[]> connection(int i) {
    Object c = slots[i];
    if (c == null) {
      synchronized (slots) {
        // close() empties the slots under this lock: a connection opened after it would leak.
        if (closed) {
          throw closedException();
        }
        c = slots[i];
        if (c == null) {
          try {
            c = client.connect(ByteArrayCodec.INSTANCE);
          } catch (RuntimeException e) {
            throw new NodeUnavailableException(id, "cannot connect: " + e.getMessage(), e);
          }
          slots[i] = c;
        }
      }
    }
    return (StatefulRedisConnection<byte[], byte[]>) c;
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("storage node " + id + " is closed");
  }

  /**
   * What a failed command throws. Once the node is closed that is the closed state, whatever
   * Lettuce reported: a command cut off by a concurrent close fails with "connection closed", which
   * is not an outage.
   */
  private RuntimeException failure(String op, RuntimeException e) {
    if (closed) {
      return closedException();
    }
    if (e instanceof NodeUnavailableException n) {
      return n;
    }
    return new NodeUnavailableException(id, op + " failed: " + e.getMessage(), e);
  }

  private Object run(Script s, ScriptOutputType type, byte[][] keys, byte[]... args) {
    RedisCommands<byte[], byte[]> c = commands();
    try {
      return c.evalsha(s.sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      // Server restarted or SCRIPT FLUSH: EVAL sends the source and caches it again.
      return c.eval(s.source, type, keys, args);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static byte[] encode(VersionedValue v) {
    byte[] value = v.value();
    byte[] out = new byte[Version.HEX_LENGTH + 1 + value.length];
    putHex(out, v.version());
    out[Version.HEX_LENGTH] = (byte) (v.isTombstone() ? 't' : 'v');
    System.arraycopy(value, 0, out, Version.HEX_LENGTH + 1, value.length);
    return out;
  }

  /** Writes {@link Version#toHex()} into the first 32 bytes of {@code out}, without a string. */
  private static void putHex(byte[] out, Version v) {
    long t = v.timestamp();
    long w = v.writer();
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX_DIGITS[(int) (t & 0xf)];
      out[16 + i] = HEX_DIGITS[(int) (w & 0xf)];
      t >>>= 4;
      w >>>= 4;
    }
  }

  private VersionedValue decode(byte[] blob) {
    if (blob.length < Version.HEX_LENGTH + 1) {
      throw new NodeUnavailableException(id, "malformed entry of " + blob.length + " bytes");
    }
    Version v;
    try {
      v = new Version(parseHex(blob, 0), parseHex(blob, 16));
    } catch (IllegalArgumentException e) {
      // The bytes came from the node, not from the caller: a bad version is a damaged entry.
      throw new NodeUnavailableException(id, "malformed entry: " + e.getMessage(), e);
    }
    if (blob[Version.HEX_LENGTH] == 't') {
      return VersionedValue.tombstone(v);
    }
    return VersionedValue.of(v, Arrays.copyOfRange(blob, Version.HEX_LENGTH + 1, blob.length));
  }

  /** 16 hex digits at {@code from}, as {@link Version#fromHex} reads them, without a string. */
  private static long parseHex(byte[] b, int from) {
    long r = 0;
    for (int i = from; i < from + 16; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0) {
        throw new IllegalArgumentException(
            "version must be 32 hex digits, found byte " + (b[i] & 0xff) + " at " + i);
      }
      r = (r << 4) | d;
    }
    return r;
  }

  private static byte[] hex(Version v) {
    byte[] out = new byte[Version.HEX_LENGTH];
    putHex(out, v);
    return out;
  }

  private byte[] hintKey(String target) {
    return concat(hintPrefix, target.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean putIfNewer(byte[] key, VersionedValue value) {
    try {
      Object r =
          run(
              PUT_IF_NEWER,
              ScriptOutputType.INTEGER,
              new byte[][] {concat(dataPrefix, key)},
              encode(value));
      return ((Long) r) == 1L;
    } catch (RuntimeException e) {
      throw failure("put", e);
    }
  }

  @Override
  public Optional<VersionedValue> get(byte[] key) {
    try {
      byte[] blob = commands().get(concat(dataPrefix, key));
      return blob == null ? Optional.empty() : Optional.of(decode(blob));
    } catch (RuntimeException e) {
      throw failure("get", e);
    }
  }

  /** True: {@link #putIfNewerAsync} and {@link #getAsync} pipeline the command and return. */
  @Override
  public boolean asynchronous() {
    return true;
  }

  /**
   * Sends the put-if-newer script (EVALSHA, EVAL if the server lost it) without waiting; the stage
   * completes on Lettuce's event loop, exceptionally with {@link NodeUnavailableException} (or
   * {@link IllegalStateException} once closed) where {@link #putIfNewer} would throw.
   */
  @Override
  public CompletionStage<Boolean> putIfNewerAsync(byte[] key, VersionedValue value) {
    java.util.Objects.requireNonNull(key, "key");
    java.util.Objects.requireNonNull(value, "value");
    try {
      RedisAsyncCommands<byte[], byte[]> c = pick().async();
      byte[][] keys = {concat(dataPrefix, key)};
      byte[] blob = encode(value);
      CompletionStage<Long> sent =
          c.<Long>evalsha(PUT_IF_NEWER.sha, ScriptOutputType.INTEGER, keys, blob)
              .exceptionallyCompose(
                  e ->
                      cause(e) instanceof RedisNoScriptException
                          ? c.<Long>eval(PUT_IF_NEWER.source, ScriptOutputType.INTEGER, keys, blob)
                          : CompletableFuture.failedFuture(e));
      return sent.handle(
          (r, e) -> {
            if (e != null) {
              throw failure("put", cause(e));
            }
            return r == 1L;
          });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failure("put", e));
    }
  }

  /** Sends GET without waiting; as {@link #putIfNewerAsync} for threads and failures. */
  @Override
  public CompletionStage<Optional<VersionedValue>> getAsync(byte[] key) {
    java.util.Objects.requireNonNull(key, "key");
    try {
      return pick()
          .async()
          .get(concat(dataPrefix, key))
          .handle(
              (blob, e) -> {
                if (e != null) {
                  throw failure("get", cause(e));
                }
                return blob == null ? Optional.<VersionedValue>empty() : Optional.of(decode(blob));
              });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failure("get", e));
    }
  }

  /** The failure a stage carries, unwrapped from the wrappers completion adds. */
  private static RuntimeException cause(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof RuntimeException r ? r : new StorageException(t.toString(), t);
  }

  @Override
  public boolean removeIfVersion(byte[] key, Version version) {
    try {
      Object r =
          run(
              REMOVE_IF_VERSION,
              ScriptOutputType.INTEGER,
              new byte[][] {concat(dataPrefix, key)},
              hex(version));
      return ((Long) r) == 1L;
    } catch (RuntimeException e) {
      throw failure("remove", e);
    }
  }

  @Override
  public void forEach(BiConsumer<byte[], VersionedValue> action) {
    try {
      RedisCommands<byte[], byte[]> c = commands();
      ScanArgs args =
          ScanArgs.Builder.matches(concat(dataPrefix, "*".getBytes(StandardCharsets.US_ASCII)))
              .limit(500);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<byte[]> page = c.scan(cursor, args);
        List<byte[]> keys = page.getKeys();
        if (!keys.isEmpty()) {
          List<KeyValue<byte[], byte[]>> values = c.mget(keys.toArray(new byte[0][]));
          for (KeyValue<byte[], byte[]> kv : values) {
            if (kv.hasValue()) {
              byte[] k = kv.getKey();
              action.accept(
                  Arrays.copyOfRange(k, dataPrefix.length, k.length), decode(kv.getValue()));
            }
          }
        }
        cursor = page;
      } while (!cursor.isFinished());
    } catch (RuntimeException e) {
      throw failure("scan", e);
    }
  }

  @Override
  public boolean putHint(String target, byte[] key, VersionedValue value) {
    try {
      Object r =
          run(
              PUT_HINT,
              ScriptOutputType.INTEGER,
              new byte[][] {hintKey(target)},
              key,
              encode(value));
      return ((Long) r) == 1L;
    } catch (RuntimeException e) {
      throw failure("hint", e);
    }
  }

  @Override
  public List<Hint> hints(String target, int max) {
    try {
      RedisCommands<byte[], byte[]> c = commands();
      List<Hint> out = new ArrayList<>();
      ScanCursor cursor = ScanCursor.INITIAL;
      ScanArgs args = ScanArgs.Builder.limit(Math.min(max, 500));
      do {
        MapScanCursor<byte[], byte[]> page = c.hscan(hintKey(target), cursor, args);
        for (var e : page.getMap().entrySet()) {
          if (out.size() >= max) {
            return out;
          }
          out.add(new Hint(target, e.getKey(), decode(e.getValue())));
        }
        cursor = page;
      } while (!cursor.isFinished());
      return out;
    } catch (RuntimeException e) {
      throw failure("hint scan", e);
    }
  }

  @Override
  public boolean removeHint(String target, byte[] key, Version version) {
    try {
      Object r =
          run(
              REMOVE_HINT,
              ScriptOutputType.INTEGER,
              new byte[][] {hintKey(target)},
              key,
              hex(version));
      return ((Long) r) == 1L;
    } catch (RuntimeException e) {
      throw failure("hint removal", e);
    }
  }

  @Override
  public Set<String> hintTargets() {
    try {
      RedisCommands<byte[], byte[]> c = commands();
      Set<String> out = new java.util.TreeSet<>();
      ScanArgs args =
          ScanArgs.Builder.matches(concat(hintPrefix, "*".getBytes(StandardCharsets.US_ASCII)))
              .limit(500);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<byte[]> page = c.scan(cursor, args);
        for (byte[] k : page.getKeys()) {
          out.add(
              new String(
                  k, hintPrefix.length, k.length - hintPrefix.length, StandardCharsets.UTF_8));
        }
        cursor = page;
      } while (!cursor.isFinished());
      return out;
    } catch (RuntimeException e) {
      throw failure("hint target scan", e);
    }
  }

  @Override
  public long hintCount() {
    try {
      RedisCommands<byte[], byte[]> c = commands();
      long n = 0;
      ScanArgs args =
          ScanArgs.Builder.matches(concat(hintPrefix, "*".getBytes(StandardCharsets.US_ASCII)))
              .limit(500);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<byte[]> page = c.scan(cursor, args);
        for (byte[] k : page.getKeys()) {
          n += c.hlen(k);
        }
        cursor = page;
      } while (!cursor.isFinished());
      return n;
    } catch (RuntimeException e) {
      throw failure("hint count", e);
    }
  }

  @Override
  public Optional<Incarnation> incarnation() {
    try {
      byte[] stored = commands().get(incarnationKey);
      if (stored == null) {
        return Optional.empty();
      }
      Optional<Incarnation> m = Incarnation.parse(new String(stored, StandardCharsets.UTF_8));
      if (m.isEmpty()) {
        LOG.warn("node '{}': damaged incarnation marker, treated as none", id);
      }
      return m;
    } catch (RuntimeException e) {
      throw failure("incarnation read", e);
    }
  }

  @Override
  public void writeIncarnation(Incarnation incarnation) {
    java.util.Objects.requireNonNull(incarnation, "incarnation");
    try {
      commands().set(incarnationKey, incarnation.encode().getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw failure("incarnation write", e);
    }
  }

  /**
   * Sends PING on every connection of the node, so that "healthy" means every connection the data
   * path may pick accepts commands: pinging one connection of the pool said nothing about its
   * siblings, which reconnect independently after a server restart.
   */
  @Override
  public void ping() {
    if (closed) {
      throw closedException();
    }
    for (int i = 0; i < slots.length; i++) {
      try {
        connection(i).sync().ping();
      } catch (RuntimeException e) {
        throw failure("ping (connection " + (i + 1) + " of " + slots.length + ")", e);
      }
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void close() {
    synchronized (slots) {
      if (closed) {
        return;
      }
      closed = true;
      for (Object c : slots) {
        if (c != null) {
          ((StatefulRedisConnection<byte[], byte[]>) c).close();
        }
      }
    }
    client.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (ownsResources) {
      resources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public String toString() {
    return "RedisNode[" + id + "]";
  }
}
