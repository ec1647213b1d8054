package dev.cloudnative.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Settings of a replicated {@link KeyValueStore}, built with {@code
 * StoreConfig.custom()...build()}; every value is validated when set or at {@link Builder#build()},
 * with a message naming the setting, the value found and what is allowed. Immutable and
 * thread-safe.
 *
 * <p>Limits: keys are 1..{@link #MAX_KEY_BYTES} bytes (default limit 1024), values at most {@link
 * #MAX_VALUE_BYTES} (default limit 1 MiB).
 *
 * <p>Observability: without {@link Builder#meterRegistry} the store holds no meters at all, and
 * without {@link Builder#observationRegistry} it uses {@link ObservationRegistry#NOOP} and starts
 * no observation; the storage README lists every meter and observation. The registries are shared
 * references, not copies: the config is immutable, the registries are the caller's (and
 * thread-safe).
 */
public final class StoreConfig {
  /** Hard upper bound of {@link Builder#maxKeyBytes}. */
  public static final int MAX_KEY_BYTES = 65_535;

  /** Hard upper bound of {@link Builder#maxValueBytes} (Redis' string limit). */
  public static final int MAX_VALUE_BYTES = 512 << 20;

  private final int replicationFactor;
  private final Consistency readConsistency;
  private final Consistency writeConsistency;
  private final int readQuorum;
  private final int writeQuorum;
  private final Duration timeout;
  private final Placement placement;
  private final boolean hintedHandoff;
  private final boolean sloppyQuorum;
  private final int maxKeyBytes;
  private final int maxValueBytes;
  private final Duration tombstoneGrace;
  private final Duration probeInterval;
  private final long writerId;
  private final int ioThreads;
  private final int recoveryRanges;
  private final long recoveryRate;
  private final boolean backgroundAntiEntropy;
  private final Duration antiEntropyInterval;
  private final long antiEntropyRate;
  private final int merkleLeavesPerRange;
  private final MeterRegistry meterRegistry;
  private final ObservationRegistry observationRegistry;

  private StoreConfig(Builder b) {
    this.replicationFactor = b.replicationFactor;
    this.readConsistency = b.readConsistency;
    this.writeConsistency = b.writeConsistency;
    this.readQuorum =
        b.readQuorum > 0 ? b.readQuorum : b.readConsistency.required(b.replicationFactor);
    this.writeQuorum =
        b.writeQuorum > 0 ? b.writeQuorum : b.writeConsistency.required(b.replicationFactor);
    this.timeout = b.timeout;
    this.placement = b.placement;
    this.hintedHandoff = b.hintedHandoff;
    this.sloppyQuorum = b.sloppyQuorum;
    this.maxKeyBytes = b.maxKeyBytes;
    this.maxValueBytes = b.maxValueBytes;
    this.tombstoneGrace = b.tombstoneGrace;
    this.probeInterval = b.probeInterval;
    this.writerId = b.writerId;
    this.ioThreads = b.ioThreads;
    this.recoveryRanges = b.recoveryRanges;
    this.recoveryRate = b.recoveryRate;
    this.backgroundAntiEntropy = b.backgroundAntiEntropy;
    this.antiEntropyInterval = b.antiEntropyInterval;
    this.antiEntropyRate = b.antiEntropyRate;
    this.merkleLeavesPerRange = b.merkleLeavesPerRange;
    this.meterRegistry = b.meterRegistry;
    this.observationRegistry = b.observationRegistry;
  }

  /** A builder with the defaults: N=3, QUORUM reads and writes, 1 s deadline, RING placement. */
  public static Builder custom() {
    return new Builder();
  }

  /** The defaults. */
  public static StoreConfig ofDefaults() {
    return custom().build();
  }

  public int replicationFactor() {
    return replicationFactor;
  }

  public Consistency readConsistency() {
    return readConsistency;
  }

  public Consistency writeConsistency() {
    return writeConsistency;
  }

  /** Replies a read needs by default (R). */
  public int readQuorum() {
    return readQuorum;
  }

  /** Acknowledgements a write needs by default (W). */
  public int writeQuorum() {
    return writeQuorum;
  }

  /** True when W + R &gt; N, i.e. the defaults give read-your-writes. */
  public boolean readYourWrites() {
    return readQuorum + writeQuorum > replicationFactor;
  }

  /** Default per-call deadline. */
  public Duration timeout() {
    return timeout;
  }

  public Placement placement() {
    return placement;
  }

  public boolean hintedHandoff() {
    return hintedHandoff;
  }

  public boolean sloppyQuorum() {
    return sloppyQuorum;
  }

  public int maxKeyBytes() {
    return maxKeyBytes;
  }

  public int maxValueBytes() {
    return maxValueBytes;
  }

  public Duration tombstoneGrace() {
    return tombstoneGrace;
  }

  public Duration probeInterval() {
    return probeInterval;
  }

  public long writerId() {
    return writerId;
  }

  public int ioThreads() {
    return ioThreads;
  }

  /**
   * Slices of the key hash space a recovering node receives one at a time (default 16): a node
   * counts towards R again for a slice as soon as it has received it.
   */
  public int recoveryRanges() {
    return recoveryRanges;
  }

  /** Bytes per second (keys plus values) the store streams to recovering nodes, at most. */
  public long recoveryRate() {
    return recoveryRate;
  }

  /** Whether the store runs a Merkle-tree anti-entropy cycle every {@link #antiEntropyInterval}. */
  public boolean backgroundAntiEntropy() {
    return backgroundAntiEntropy;
  }

  /** Time between the end of one background anti-entropy cycle and the start of the next. */
  public Duration antiEntropyInterval() {
    return antiEntropyInterval;
  }

  /**
   * Bytes per second (entries scanned plus entries sent) an anti-entropy cycle handles, at most.
   */
  public long antiEntropyRate() {
    return antiEntropyRate;
  }

  /** Leaves of each range's Merkle tree (a power of two). */
  public int merkleLeavesPerRange() {
    return merkleLeavesPerRange;
  }

  /** The registry the store's meters go to; empty (the default) means no meters at all. */
  public Optional<MeterRegistry> meterRegistry() {
    return Optional.ofNullable(meterRegistry);
  }

  /** The registry the store's observations go to; {@link ObservationRegistry#NOOP} by default. */
  public ObservationRegistry observationRegistry() {
    return observationRegistry;
  }

  @Override
  public String toString() {
    return "StoreConfig[N="
        + replicationFactor
        + ", W="
        + writeQuorum
        + ", R="
        + readQuorum
        + ", timeout="
        + timeout
        + ", placement="
        + placement
        + ", hintedHandoff="
        + hintedHandoff
        + ", sloppyQuorum="
        + sloppyQuorum
        + "]";
  }

  /** Builder for {@link StoreConfig}. Not thread-safe. */
  public static final class Builder {
    private int replicationFactor = 3;
    private Consistency readConsistency = Consistency.QUORUM;
    private Consistency writeConsistency = Consistency.QUORUM;
    private int readQuorum;
    private int writeQuorum;
    private Duration timeout = Duration.ofSeconds(1);
    private Placement placement = Placement.RING;
    private boolean hintedHandoff = true;
    private boolean sloppyQuorum;
    private int maxKeyBytes = 1024;
    private int maxValueBytes = 1 << 20;
    private Duration tombstoneGrace = Duration.ofHours(24);
    private Duration probeInterval = Duration.ofMillis(500);
    private long writerId = ThreadLocalRandom.current().nextLong();
    private int ioThreads = 8;
    private int recoveryRanges = 16;
    private long recoveryRate = 32L << 20;
    private boolean backgroundAntiEntropy = true;
    private Duration antiEntropyInterval = Duration.ofMinutes(10);
    private long antiEntropyRate = 16L << 20;
    private int merkleLeavesPerRange = 256;
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private Builder() {}

    /** Replicas per key, N (1..64). */
    public Builder replicationFactor(int n) {
      if (n < 1 || n > 64) {
        throw new InvalidRequestException("replicationFactor must be in 1..64, found " + n);
      }
      this.replicationFactor = n;
      return this;
    }

    /** Default read consistency. */
    public Builder readConsistency(Consistency c) {
      this.readConsistency = Objects.requireNonNull(c, "readConsistency");
      return this;
    }

    /** Default write consistency. */
    public Builder writeConsistency(Consistency c) {
      this.writeConsistency = Objects.requireNonNull(c, "writeConsistency");
      return this;
    }

    /** Explicit default R, overriding {@link #readConsistency}; validated against N at build. */
    public Builder readQuorum(int r) {
      this.readQuorum = r;
      if (r < 1) {
        throw new InvalidRequestException("readQuorum must be >= 1, found " + r);
      }
      return this;
    }

    /** Explicit default W, overriding {@link #writeConsistency}; validated against N at build. */
    public Builder writeQuorum(int w) {
      this.writeQuorum = w;
      if (w < 1) {
        throw new InvalidRequestException("writeQuorum must be >= 1, found " + w);
      }
      return this;
    }

    /** Default per-call deadline for the whole replicated operation. */
    public Builder timeout(Duration t) {
      this.timeout = positive("timeout", t);
      return this;
    }

    public Builder placement(Placement p) {
      this.placement = Objects.requireNonNull(p, "placement");
      return this;
    }

    /** Store writes for down replicas on another node and replay them later (default on). */
    public Builder hintedHandoff(boolean on) {
      this.hintedHandoff = on;
      return this;
    }

    /**
     * Count a stored hint towards W (Dynamo's sloppy quorum; default off: only real replicas
     * count).
     */
    public Builder sloppyQuorum(boolean on) {
      this.sloppyQuorum = on;
      return this;
    }

    /** Largest key in bytes (1..65535, default 1024). */
    public Builder maxKeyBytes(int n) {
      if (n < 1 || n > MAX_KEY_BYTES) {
        throw new InvalidRequestException(
            "maxKeyBytes must be in 1.." + MAX_KEY_BYTES + ", found " + n);
      }
      this.maxKeyBytes = n;
      return this;
    }

    /** Largest value in bytes (0..512 MiB, default 1 MiB). */
    public Builder maxValueBytes(int n) {
      if (n < 0 || n > MAX_VALUE_BYTES) {
        throw new InvalidRequestException(
            "maxValueBytes must be in 0.." + MAX_VALUE_BYTES + ", found " + n);
      }
      this.maxValueBytes = n;
      return this;
    }

    /** How long tombstones are kept before purging (default 24 h). */
    public Builder tombstoneGrace(Duration d) {
      this.tombstoneGrace = positive("tombstoneGrace", d);
      return this;
    }

    /** How often down nodes are pinged and hints replayed (default 500 ms). */
    public Builder probeInterval(Duration d) {
      this.probeInterval = positive("probeInterval", d);
      return this;
    }

    /** This store's writer id, the tie-breaker of equal timestamps (default random). */
    public Builder writerId(long id) {
      this.writerId = id;
      return this;
    }

    /**
     * Threads for blocking replica I/O (1..256, default 8): calls to nodes that are not {@link
     * StorageNode#asynchronous()} (file nodes), hand-offs and read repairs. Reads and writes to
     * asynchronous nodes (Redis) are sent from the caller's thread and use none.
     */
    public Builder ioThreads(int n) {
      if (n < 1 || n > 256) {
        throw new InvalidRequestException("ioThreads must be in 1..256, found " + n);
      }
      this.ioThreads = n;
      return this;
    }

    /**
     * Slices of the key hash space (1..4096, default 16) a node that came back empty, or was
     * replaced, receives one at a time; each slice is one filtered scan of every other node, so
     * more slices give finer progress (a node counts again for a slice once it has it) at the cost
     * of more scans.
     */
    public Builder recoveryRanges(int n) {
      if (n < 1 || n > 4096) {
        throw new InvalidRequestException("recoveryRanges must be in 1..4096, found " + n);
      }
      this.recoveryRanges = n;
      return this;
    }

    /**
     * The most bytes per second (key plus value bytes, at least 1024; default 32 MiB/s) streamed to
     * recovering nodes, over all of them, so that a recovery does not starve foreground calls.
     */
    public Builder recoveryRate(long bytesPerSecond) {
      if (bytesPerSecond < 1024) {
        throw new InvalidRequestException(
            "recoveryRate must be at least 1024 bytes per second, found " + bytesPerSecond);
      }
      this.recoveryRate = bytesPerSecond;
      return this;
    }

    /**
     * Run a Merkle-tree anti-entropy cycle in the background every {@link #antiEntropyInterval}
     * (default on).
     */
    public Builder backgroundAntiEntropy(boolean on) {
      this.backgroundAntiEntropy = on;
      return this;
    }

    /**
     * Time between background anti-entropy cycles, from the end of one to the start of the next
     * (default 10 minutes; the first cycle starts one interval after the store).
     */
    public Builder antiEntropyInterval(Duration d) {
      this.antiEntropyInterval = positive("antiEntropyInterval", d);
      return this;
    }

    /**
     * The most bytes per second (key plus value bytes of every entry a cycle scans or sends, at
     * least 1024; default 16 MiB/s) an anti-entropy cycle handles, so that it does not starve
     * foreground calls.
     */
    public Builder antiEntropyRate(long bytesPerSecond) {
      if (bytesPerSecond < 1024) {
        throw new InvalidRequestException(
            "antiEntropyRate must be at least 1024 bytes per second, found " + bytesPerSecond);
      }
      this.antiEntropyRate = bytesPerSecond;
      return this;
    }

    /**
     * Leaves of each range's Merkle tree: a power of two in 1..4096 (default 256, so 16 ranges give
     * 4096 leaves). A differing leaf costs the (key, version) digests of all its entries, so aim at
     * about 100 keys per leaf per node; each cycle holds {@code 8 * leaves} bytes per pair of nodes
     * that share keys.
     */
    public Builder merkleLeavesPerRange(int n) {
      if (n < 1 || n > 4096 || Integer.bitCount(n) != 1) {
        throw new InvalidRequestException(
            "merkleLeavesPerRange must be a power of two in 1..4096, found " + n);
      }
      this.merkleLeavesPerRange = n;
      return this;
    }

    /**
     * Records the store's meters ({@code storage.*}, listed in the storage README) in {@code
     * registry}. Without it the store holds no meters at all.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /**
     * Starts an observation ({@code storage.get}, {@code storage.put}, ...) per store operation in
     * {@code registry}; with {@link ObservationRegistry#NOOP} (the default), or any registry that
     * reports {@code isNoop()}, none is started.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "observationRegistry");
      return this;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new InvalidRequestException(name + " must be a positive duration, found " + d);
      }
      return d;
    }

    public StoreConfig build() {
      if (readQuorum > replicationFactor) {
        throw new InvalidRequestException(
            "readQuorum "
                + readQuorum
                + " is impossible with replicationFactor "
                + replicationFactor
                + "; allowed 1.."
                + replicationFactor);
      }
      if (writeQuorum > replicationFactor) {
        throw new InvalidRequestException(
            "writeQuorum "
                + writeQuorum
                + " is impossible with replicationFactor "
                + replicationFactor
                + "; allowed 1.."
                + replicationFactor);
      }
      return new StoreConfig(this);
    }
  }
}
