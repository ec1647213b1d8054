package dev.cloudnative.storage.node;

import dev.cloudnative.storage.Hint;
import dev.cloudnative.storage.Incarnation;
import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeUnavailableException;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node persisted in one append-only log file with an in-memory index of key to (version, value
 * offset).
 *
 * <p>Every mutation (data write, hint, removal) is one record: {@code [int bodyLength][int
 * crc32c(body)] [body]}. On open the log is replayed; the first record that is short or fails its
 * checksum marks where a crash cut the file, and the log is truncated there (only the tail can be
 * torn, because records are only appended). Hints live in the same log, so they survive a restart.
 * The incarnation marker is a record of the log too (the latest one wins, and compaction writes it
 * first, as the log's header), so a node whose log was deleted or replaced comes back without one.
 * {@link #compact()} rewrites the live entries into a new file and atomically renames it over the
 * old one; it also runs on its own when garbage exceeds both the live size and the configured
 * threshold. Writes are serialised by a lock (the newer-wins check and the append are one atomic
 * step); reads take only a shared lock and a positional read. One process must own a directory at a
 * time. After {@link #close()} every method but {@link #id()}, {@link #logFile()}, {@link
 * #nonBlocking()} and {@code toString()} throws {@link IllegalStateException}; a log left unusable
 * by a failed compaction swap makes them throw {@link NodeUnavailableException} instead.
 * Thread-safe.
 */
public final class FileNode implements StorageNode {
  private static final Logger LOG = LoggerFactory.getLogger(FileNode.class);
  static final String LOG_FILE = "data.log";
  private static final byte DATA = 1;
  private static final byte HINT = 2;
  private static final byte REMOVE_DATA = 3;
  private static final byte REMOVE_HINT = 4;
  private static final byte INCARNATION = 5;
  private static final int MAX_BODY = 600 << 20;
  private static final int OPEN = 0;
  private static final int CLOSED = 1;
  private static final int BROKEN = 2;

  private final String id;
  private final Path dir;
  private final Path file;
  private final FsyncPolicy fsync;
  private final long fsyncIntervalNanos;
  private final long compactionThreshold;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ConcurrentHashMap<ByteKey, Loc> index = new ConcurrentHashMap<>();
  private final HintTable hints = new HintTable();
  private volatile Incarnation marker;
  private FileChannel channel;
  private long end;
  private long liveBytes;
  private long lastSync = System.nanoTime();
  private long recoveredTruncatedBytes;

  /**
   * {@link #OPEN}, {@link #CLOSED} or {@link #BROKEN}: one volatile read per call tells all three
   * apart.
   */
  private volatile int state = OPEN;

  /**
   * Why the node is {@link #BROKEN}; written before {@link #state}, so a reader that sees BROKEN
   * sees it.
   */
  private volatile String brokenReason;

  private volatile boolean dirty;
  private final java.util.concurrent.ScheduledFuture<?> flusher;

  /**
   * One daemon thread forces the logs of all INTERVAL nodes; an fsync is cheap when nothing is
   * dirty.
   */
  private static final java.util.concurrent.ScheduledExecutorService FLUSHER =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cn-storage-filenode-fsync");
            t.setDaemon(true);
            return t;
          });

  /** Where a live entry's value sits in the log. */
  private record Loc(
      Version version, boolean tombstone, long valueOffset, int valueLength, int recordSize) {}

  private FileNode(Builder b) {
    this.id = b.id;
    this.dir = b.dir;
    this.file = b.dir.resolve(LOG_FILE);
    this.fsync = b.fsync;
    this.fsyncIntervalNanos = b.fsyncInterval.toNanos();
    this.compactionThreshold = b.compactionThreshold;
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(LOG_FILE + ".compact"));
      this.channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      recover();
    } catch (IOException e) {
      throw new NodeUnavailableException(id, "cannot open log " + file + ": " + e.getMessage(), e);
    }
    long every = fsyncIntervalNanos;
    this.flusher =
        fsync == FsyncPolicy.INTERVAL
            ? FLUSHER.scheduleWithFixedDelay(
                this::backgroundSync, every, every, java.util.concurrent.TimeUnit.NANOSECONDS)
            : null;
  }

  private void backgroundSync() {
    if (!dirty || state != OPEN) {
      return;
    }
    lock.writeLock().lock();
    try {
      if (state == OPEN && dirty) {
        channel.force(false);
        dirty = false;
        lastSync = System.nanoTime();
      }
    } catch (IOException e) {
      LOG.warn("node '{}': background fsync of {} failed: {}", id, file, e.toString());
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Opens (or creates) a node in {@code dir} with fsync {@link FsyncPolicy#INTERVAL} of 100 ms. */
  public static FileNode open(String id, Path dir) {
    return builder(id, dir).open();
  }

  public static Builder builder(String id, Path dir) {
    return new Builder(id, dir);
  }

  /** Builder for {@link FileNode}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private final Path dir;
    private FsyncPolicy fsync = FsyncPolicy.INTERVAL;
    private Duration fsyncInterval = Duration.ofMillis(100);
    private long compactionThreshold = 64L << 20;

    private Builder(String id, Path dir) {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(dir, "dir");
      if (id.isBlank()) {
        throw new InvalidRequestException("node id must be non-blank, found '" + id + "'");
      }
      this.id = id;
      this.dir = dir;
    }

    public Builder fsync(FsyncPolicy policy) {
      this.fsync = java.util.Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Interval for {@link FsyncPolicy#INTERVAL}; must be positive. */
    public Builder fsyncInterval(Duration interval) {
      java.util.Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new InvalidRequestException("fsync interval must be positive, found " + interval);
      }
      this.fsyncInterval = interval;
      return this;
    }

    /** Garbage bytes that, once also larger than the live bytes, trigger compaction. */
    public Builder compactionThreshold(long bytes) {
      if (bytes < 0) {
        throw new InvalidRequestException(
            "compaction threshold must be >= 0 bytes, found " + bytes);
      }
      this.compactionThreshold = bytes;
      return this;
    }

    public FileNode open() {
      return new FileNode(this);
    }
  }

  @Override
  public String id() {
    return id;
  }

  /** The log file. */
  public Path logFile() {
    return file;
  }

  /** Bytes cut from a torn tail when this node was opened (0 after a clean shutdown). */
  public long recoveredTruncatedBytes() {
    check();
    return recoveredTruncatedBytes;
  }

  /** Number of entries, tombstones included. */
  public int size() {
    check();
    return index.size();
  }

  // ---------------------------------------------------------------- recovery

  private void recover() throws IOException {
    long size = channel.size();
    long offset = 0;
    try (InputStream raw = Channels.in(channel);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      CRC32C crc = new CRC32C();
      while (offset < size) {
        if (size - offset < 8) {
          break;
        }
        int len = in.readInt();
        int sum = in.readInt();
        if (len <= 0 || len > MAX_BODY || offset + 8 + len > size) {
          break;
        }
        byte[] body = new byte[len];
        in.readFully(body);
        crc.reset();
        crc.update(body, 0, len);
        if ((int) crc.getValue() != sum) {
          break;
        }
        apply(body, offset);
        offset += 8 + len;
      }
    } catch (EOFException e) {
      // A short read is a torn tail; handled below like any other.
    }
    if (offset < size) {
      recoveredTruncatedBytes = size - offset;
      LOG.warn(
          "node '{}': log {} ends with a torn or corrupt record; truncating {} bytes at offset {}",
          id,
          file,
          size - offset,
          offset);
      channel.truncate(offset);
      channel.force(true);
    }
    end = offset;
  }

  private void apply(byte[] body, long recordOffset) {
    ByteBuffer b = ByteBuffer.wrap(body);
    byte type = b.get();
    int targetLen = b.getShort() & 0xFFFF;
    String target = new String(body, b.position(), targetLen, StandardCharsets.UTF_8);
    b.position(b.position() + targetLen);
    int keyLen = b.getInt();
    byte[] key = new byte[keyLen];
    b.get(key);
    Version v = new Version(b.getLong(), b.getLong());
    boolean tomb = b.get() != 0;
    int valueLen = b.getInt();
    int valuePos = b.position();
    ByteKey k = new ByteKey(key);
    int recordSize = 8 + body.length;
    switch (type) {
      case DATA -> {
        Loc old = index.put(k, new Loc(v, tomb, recordOffset + 8 + valuePos, valueLen, recordSize));
        liveBytes += recordSize - (old == null ? 0 : old.recordSize);
      }
      case HINT -> {
        byte[] value = java.util.Arrays.copyOfRange(body, valuePos, valuePos + valueLen);
        hints
            .forTarget(target)
            .put(k, tomb ? VersionedValue.tombstone(v) : VersionedValue.of(v, value));
      }
      case REMOVE_DATA -> {
        Loc old = index.remove(k);
        if (old != null) {
          liveBytes -= old.recordSize;
        }
      }
      case REMOVE_HINT -> hints.remove(target, k);
      case INCARNATION -> {
        marker = Incarnation.parse(target).orElse(null);
        if (marker == null) {
          LOG.warn(
              "node '{}': damaged incarnation marker at {}, treated as none", id, recordOffset);
        }
      }
      default ->
          throw new NodeUnavailableException(
              id, "unknown record type " + type + " at " + recordOffset);
    }
  }

  // ---------------------------------------------------------------- writes

  private static byte[] encode(byte type, String target, byte[] key, VersionedValue v) {
    byte[] t = target.getBytes(StandardCharsets.UTF_8);
    byte[] value = v == null ? new byte[0] : v.value();
    Version ver = v == null ? new Version(0, 0) : v.version();
    int bodyLen = 1 + 2 + t.length + 4 + key.length + 16 + 1 + 4 + value.length;
    ByteBuffer b = ByteBuffer.allocate(8 + bodyLen);
    b.putInt(bodyLen).putInt(0);
    b.put(type).putShort((short) t.length).put(t).putInt(key.length).put(key);
    b.putLong(ver.timestamp())
        .putLong(ver.writer())
        .put((byte) (v != null && v.isTombstone() ? 1 : 0));
    b.putInt(value.length).put(value);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 8, bodyLen);
    b.putInt(4, (int) crc.getValue());
    return b.array();
  }

  /** Appends one record; the caller holds the write lock. Returns the record's offset. */
  private long append(byte[] record) {
    long at = end;
    try {
      ByteBuffer buf = ByteBuffer.wrap(record);
      long pos = at;
      while (buf.hasRemaining()) {
        pos += channel.write(buf, pos);
      }
      end = pos;
      maybeSync();
    } catch (IOException e) {
      throw new NodeUnavailableException(id, "append to " + file + " failed: " + e.getMessage(), e);
    }
    return at;
  }

  private void maybeSync() throws IOException {
    if (fsync == FsyncPolicy.ALWAYS) {
      channel.force(false);
    } else if (fsync == FsyncPolicy.INTERVAL) {
      long now = System.nanoTime();
      if (now - lastSync >= fsyncIntervalNanos) {
        channel.force(false);
        lastSync = now;
        dirty = false;
      } else {
        dirty = true;
      }
    }
  }

  private void check() {
    if (state != OPEN) {
      throw notOpen();
    }
  }

  private RuntimeException notOpen() {
    if (state == CLOSED) {
      return new IllegalStateException("storage node " + id + " is closed");
    }
    return new NodeUnavailableException(id, brokenReason);
  }

  @Override
  public boolean putIfNewer(byte[] key, VersionedValue value) {
    lock.writeLock().lock();
    try {
      check();
      ByteKey k = new ByteKey(key);
      Loc cur = index.get(k);
      if (cur != null && !value.version().isNewerThan(cur.version)) {
        return false;
      }
      byte[] rec = encode(DATA, "", key, value);
      long at = append(rec);
      int valueOffsetInRecord = rec.length - value.value().length;
      index.put(
          k,
          new Loc(
              value.version(),
              value.isTombstone(),
              at + valueOffsetInRecord,
              value.value().length,
              rec.length));
      liveBytes += rec.length - (cur == null ? 0 : cur.recordSize);
      maybeCompact();
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<VersionedValue> get(byte[] key) {
    lock.readLock().lock();
    try {
      check();
      Loc loc = index.get(new ByteKey(key));
      return loc == null ? Optional.empty() : Optional.of(read(loc));
    } finally {
      lock.readLock().unlock();
    }
  }

  private VersionedValue read(Loc loc) {
    if (loc.tombstone) {
      return VersionedValue.tombstone(loc.version);
    }
    byte[] value = new byte[loc.valueLength];
    ByteBuffer buf = ByteBuffer.wrap(value);
    try {
      long pos = loc.valueOffset;
      while (buf.hasRemaining()) {
        int r = channel.read(buf, pos);
        if (r < 0) {
          throw new NodeUnavailableException(id, "log " + file + " ends before offset " + pos);
        }
        pos += r;
      }
    } catch (IOException e) {
      throw new NodeUnavailableException(id, "read from " + file + " failed: " + e.getMessage(), e);
    }
    return VersionedValue.of(loc.version, value);
  }

  @Override
  public boolean removeIfVersion(byte[] key, Version version) {
    lock.writeLock().lock();
    try {
      check();
      ByteKey k = new ByteKey(key);
      Loc cur = index.get(k);
      if (cur == null || !cur.version.equals(version)) {
        return false;
      }
      append(encode(REMOVE_DATA, "", key, null));
      index.remove(k);
      liveBytes -= cur.recordSize;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void forEach(BiConsumer<byte[], VersionedValue> action) {
    check();
    for (ByteKey k : index.keySet()) {
      lock.readLock().lock();
      VersionedValue v;
      try {
        check();
        Loc loc = index.get(k);
        if (loc == null) {
          continue;
        }
        v = read(loc);
      } finally {
        lock.readLock().unlock();
      }
      action.accept(k.bytes, v);
    }
  }

  @Override
  public boolean putHint(String target, byte[] key, VersionedValue value) {
    lock.writeLock().lock();
    try {
      check();
      ConcurrentHashMap<ByteKey, VersionedValue> m = hints.forTarget(target);
      VersionedValue cur = m.get(new ByteKey(key));
      if (cur != null && !value.isNewerThan(cur)) {
        return false;
      }
      append(encode(HINT, target, key, value));
      m.put(new ByteKey(key), value);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<Hint> hints(String target, int max) {
    check();
    return hints.list(target, max);
  }

  @Override
  public boolean removeHint(String target, byte[] key, Version version) {
    lock.writeLock().lock();
    try {
      check();
      ByteKey k = new ByteKey(key);
      VersionedValue cur = hints.existing(target).get(k);
      if (cur == null || !cur.version().equals(version)) {
        return false;
      }
      append(encode(REMOVE_HINT, target, key, null));
      hints.remove(target, k);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Set<String> hintTargets() {
    check();
    return hints.targets();
  }

  @Override
  public long hintCount() {
    check();
    return hints.count();
  }

  @Override
  public Optional<Incarnation> incarnation() {
    check();
    return Optional.ofNullable(marker);
  }

  @Override
  public void writeIncarnation(Incarnation incarnation) {
    java.util.Objects.requireNonNull(incarnation, "incarnation");
    lock.writeLock().lock();
    try {
      check();
      append(encode(INCARNATION, incarnation.encode(), new byte[0], null));
      marker = incarnation;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void ping() {
    check();
    if (!channel.isOpen()) {
      throw new NodeUnavailableException(id, "log channel is closed");
    }
  }

  // ---------------------------------------------------------------- compaction

  private void maybeCompact() {
    long garbage = end - liveBytes;
    if (garbage > compactionThreshold && garbage > liveBytes) {
      compactLocked();
    }
  }

  /** Rewrites live entries and hints into a fresh log and swaps it in atomically. */
  public void compact() {
    lock.writeLock().lock();
    try {
      check();
      compactLocked();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void compactLocked() {
    Path tmp = dir.resolve(LOG_FILE + ".compact");
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      Incarnation m = marker;
      if (m != null) {
        writeFully(out, encode(INCARNATION, m.encode(), new byte[0], null));
      }
      for (Map.Entry<ByteKey, Loc> e : index.entrySet()) {
        writeFully(out, encode(DATA, "", e.getKey().bytes, read(e.getValue())));
      }
      for (String target : hints.targets()) {
        for (Map.Entry<ByteKey, VersionedValue> h : hints.existing(target).entrySet()) {
          writeFully(out, encode(HINT, target, h.getKey().bytes, h.getValue()));
        }
      }
      out.force(true);
    } catch (IOException e) {
      throw new NodeUnavailableException(
          id, "compaction of " + file + " failed: " + e.getMessage(), e);
    }
    try {
      channel.close();
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      index.clear();
      hints.clear();
      marker = null;
      liveBytes = 0;
      recover();
    } catch (IOException e) {
      // The old channel is closed and the new log may not be open: nothing can be served any more,
      // but this is
      // an outage of the node (NodeUnavailableException, so a coordinator hints around it), not a
      // close.
      brokenReason =
          "log " + file + " unusable since swapping in a compacted log failed: " + e.getMessage();
      state = BROKEN;
      throw new NodeUnavailableException(
          id, "swapping in compacted log failed: " + e.getMessage(), e);
    }
  }

  private static void writeFully(FileChannel out, byte[] rec) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(rec);
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /** Current log size in bytes. */
  public long logSize() {
    lock.readLock().lock();
    try {
      check();
      return end;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (state == CLOSED) {
        return;
      }
      state = CLOSED;
      if (flusher != null) {
        flusher.cancel(false);
      }
      if (channel.isOpen()) {
        if (fsync != FsyncPolicy.NEVER) {
          channel.force(true);
        }
        channel.close();
      }
    } catch (IOException e) {
      throw new NodeUnavailableException(id, "closing " + file + " failed: " + e.getMessage(), e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "FileNode[" + id + " " + dir + "]";
  }

  /** Sequential stream over a channel from position 0 that does not close the channel. */
  private static final class Channels {
    static InputStream in(FileChannel ch) {
      return new InputStream() {
        private long pos;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int r = ch.read(ByteBuffer.wrap(b, off, len), pos);
          if (r > 0) {
            pos += r;
          }
          return r;
        }
      };
    }
  }
}
