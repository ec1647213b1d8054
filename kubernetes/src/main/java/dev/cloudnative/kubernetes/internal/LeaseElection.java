package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.KubernetesAlreadyExistsException;
import dev.cloudnative.kubernetes.KubernetesConflictException;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.LeaderElectionConfig;
import dev.cloudnative.kubernetes.LeaderElector;
import dev.cloudnative.kubernetes.LeaseInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader election loop over a {@link LeaseLock}, the algorithm of fabric8's {@code
 * LeaderElector} and client-go's {@code leaderelection} package: {@code tryAcquireOrRenew} every
 * retry period (with jitter while a candidate), a take-over only once the holder's record has not
 * changed for its lease duration on this elector's monotonic clock (client-go's {@code
 * observedTime}: clocks need not agree), the acquire time kept and the transitions counted, a
 * leader that stops after its renew deadline without a successful renewal, and a release on close
 * (holder cleared, lease duration 1 s, as fabric8 writes it).
 *
 * <p>Thread-safe: one scheduler thread runs every try and every state change; the state it writes
 * is volatile for the readers; callbacks run in order on a second thread.
 */
public final class LeaseElection implements LeaderElector {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseElection.class);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final LeaseLock lock;
  private final LeaderElectionConfig config;
  private final ScheduledExecutorService loop;
  private final ExecutorService callbacks;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object leadership = new Object();

  // written by the loop thread only
  private volatile Optional<LeaseInfo> observed = Optional.empty();
  private long observedAt;
  private volatile boolean leading;
  private volatile long lastRenewal;

  private LeaseElection(LeaseLock lock, LeaderElectionConfig config) {
    this.lock = lock;
    this.config = config;
    int n = SEQUENCE.incrementAndGet();
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "leader-election-" + n));
    this.callbacks = Executors.newSingleThreadExecutor(r -> daemon(r, "leader-callbacks-" + n));
  }

  /** Starts an election on {@code lock}; the first try runs at once. */
  public static LeaseElection start(LeaseLock lock, LeaderElectionConfig config) {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(config, "config");
    LeaseElection e = new LeaseElection(lock, config);
    e.loop.execute(e::tick);
    LOG.debug("leader election on lease {} started as {}", lock.describe(), config.identity());
    return e;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public String identity() {
    return config.identity();
  }

  @Override
  public boolean isLeader() {
    return leading && System.nanoTime() - lastRenewal < config.renewDeadline().toNanos();
  }

  @Override
  public Optional<String> currentLeader() {
    return observed.flatMap(LeaseInfo::holderIdentity);
  }

  @Override
  public boolean awaitLeadership(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (leadership) {
      while (!isLeader()) {
        if (closed.get()) {
          throw new IllegalStateException(
              "leader elector " + config.identity() + " on " + lock.describe() + " is closed");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(leadership, Math.min(left, 50_000_000L));
      }
      return true;
    }
  }

  /** One try, then the next one scheduled: a candidate's with jitter, a leader's without. */
  private void tick() {
    if (closed.get()) {
      return;
    }
    try {
      boolean held = tryAcquireOrRenew();
      if (held) {
        lastRenewal = System.nanoTime();
        if (!leading) {
          startLeading();
        }
      } else if (leading) {
        stopLeading("the lease " + lock.describe() + " is held by " + currentLeader());
      }
    } catch (KubernetesException e) {
      LOG.debug("lease {}: try failed: {}", lock.describe(), e.toString());
    } catch (RuntimeException e) {
      LOG.warn("lease {}: try failed", lock.describe(), e);
    }
    if (leading && System.nanoTime() - lastRenewal >= config.renewDeadline().toNanos()) {
      stopLeading("no renewal succeeded within the renew deadline " + config.renewDeadline());
    }
    if (!closed.get()) {
      long delay = config.retryPeriod().toNanos();
      if (!leading) {
        delay += (long) (delay * ThreadLocalRandom.current().nextDouble() * jitter());
      }
      try {
        loop.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
        // close() shut the loop down between the check and the schedule
      }
    }
  }

  /** The jitter fraction of the retry period, kept below the renew deadline's margin. */
  private static double jitter() {
    return LeaderElectionConfig.JITTER_FACTOR - 1.0;
  }

  /** fabric8's {@code tryAcquireOrRenew}, with client-go's observed-time expiry. */
  private boolean tryAcquireOrRenew() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Optional<LeaseInfo> current = lock.get();
    if (current.isEmpty()) {
      LeaseInfo fresh = record(now, now, 0, "");
      try {
        observe(lock.create(fresh));
        return true;
      } catch (KubernetesAlreadyExistsException lost) {
        return false; // another candidate created it first
      }
    }
    LeaseInfo old = current.get();
    observe(old);
    boolean mine = old.holderIdentity().filter(config.identity()::equals).isPresent();
    if (!mine && old.holderIdentity().isPresent() && !expired(old)) {
      return false;
    }
    LeaseInfo next =
        record(
            mine ? old.acquireTime().orElse(now) : now,
            now,
            old.leaseTransitions() + (mine ? 0 : 1),
            old.resourceVersion());
    try {
      observe(lock.update(next));
      return true;
    } catch (KubernetesConflictException lost) {
      return false; // someone else wrote it since we read it
    }
  }

  private LeaseInfo record(Instant acquired, Instant renewed, int transitions, String version) {
    return new LeaseInfo(
        "",
        "",
        Optional.of(config.identity()),
        Optional.of(config.leaseDuration()),
        Optional.of(acquired),
        Optional.of(renewed),
        transitions,
        version);
  }

  /** True once the holder's record stayed unchanged for its lease duration on our clock. */
  private boolean expired(LeaseInfo lease) {
    Duration d = lease.leaseDuration().orElse(config.leaseDuration());
    return System.nanoTime() - observedAt >= d.toNanos();
  }

  private void observe(LeaseInfo lease) {
    Optional<LeaseInfo> before = observed;
    if (before.isPresent() && sameRecord(before.get(), lease)) {
      return;
    }
    observed = Optional.of(lease);
    observedAt = System.nanoTime();
    Optional<String> oldHolder = before.flatMap(LeaseInfo::holderIdentity);
    Optional<String> newHolder = lease.holderIdentity();
    if (!oldHolder.equals(newHolder) && newHolder.isPresent()) {
      String holder = newHolder.get();
      LOG.debug("lease {}: leader is now {}", lock.describe(), holder);
      callback(() -> config.onNewLeader().accept(holder), "onNewLeader");
    }
  }

  private static boolean sameRecord(LeaseInfo a, LeaseInfo b) {
    return a.holderIdentity().equals(b.holderIdentity())
        && a.renewTime().equals(b.renewTime())
        && a.leaseTransitions() == b.leaseTransitions()
        && a.resourceVersion().equals(b.resourceVersion());
  }

  private void startLeading() {
    leading = true;
    LOG.info("lease {}: {} started leading", lock.describe(), config.identity());
    callback(config.onStartLeading(), "onStartLeading");
    synchronized (leadership) {
      leadership.notifyAll();
    }
  }

  private void stopLeading(String why) {
    leading = false;
    LOG.info("lease {}: {} stopped leading: {}", lock.describe(), config.identity(), why);
    callback(config.onStopLeading(), "onStopLeading");
  }

  private void callback(Runnable r, String name) {
    try {
      callbacks.execute(
          () -> {
            try {
              r.run();
            } catch (RuntimeException e) {
              LOG.warn("lease {}: {} callback failed", lock.describe(), name, e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
      LOG.debug("lease {}: {} after close dropped", lock.describe(), name);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    loop.shutdown();
    try {
      // a try under way finishes; no new one starts
      if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("lease {}: the election loop did not stop within 30 s", lock.describe());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (leading) {
      if (config.releaseOnClose()) {
        release();
      }
      stopLeading("closed");
    }
    callbacks.shutdown();
    try {
      if (!callbacks.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("lease {}: callbacks still running 30 s after close", lock.describe());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (leadership) {
      leadership.notifyAll();
    }
  }

  /** fabric8's release: no holder, lease duration 1 s, times now, transitions kept. */
  private void release() {
    try {
      Optional<LeaseInfo> current = lock.get();
      if (current.isEmpty()
          || current.get().holderIdentity().filter(config.identity()::equals).isEmpty()) {
        return; // lost it already
      }
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      observe(
          lock.update(
              new LeaseInfo(
                  "",
                  "",
                  Optional.empty(),
                  Optional.of(Duration.ofSeconds(1)),
                  Optional.of(now),
                  Optional.of(now),
                  current.get().leaseTransitions(),
                  current.get().resourceVersion())));
      LOG.debug("lease {}: released by {}", lock.describe(), config.identity());
    } catch (KubernetesException e) {
      LOG.warn("lease {}: release failed: {}", lock.describe(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "leader elector " + config.identity() + " on lease " + lock.describe();
  }
}
