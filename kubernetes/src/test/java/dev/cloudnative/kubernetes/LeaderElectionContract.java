package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leader election on a Lease, the same on every {@link Cluster}: several electors compete, exactly
 * one leads and the others see it; a leader killed (closed without releasing: its renewals stop) is
 * replaced within the lease duration plus the retry periods; a leader that closes releases the
 * Lease and is replaced at the next try; a leader whose Lease another client takes stops leading,
 * and its work with it. Durations: lease 2 s, renew deadline 1 s, retry 200 ms. Bounds are generous
 * (a loaded 2-core machine), lower bounds only where the protocol guarantees them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class LeaderElectionContract {
  protected static final String NS = "election";
  protected static final String LEASE = "orders-leader";
  protected static final Duration LEASE_DURATION = Duration.ofSeconds(2);
  protected static final Duration RENEW_DEADLINE = Duration.ofSeconds(1);
  protected static final Duration RETRY = Duration.ofMillis(200);

  /** Slack for a loaded machine, on top of what the protocol allows. */
  private static final Duration SLACK = Duration.ofSeconds(5);

  /** The cluster replica {@code i} talks to (its own client where the backend has clients). */
  protected abstract Cluster cluster(int replica);

  /** Writes the Lease with {@code holder} as another client would, whatever it held. */
  protected abstract void takeLease(String holder);

  /** Closes what {@link #cluster} opened. */
  protected abstract void closeClusters();

  private final List<LeaderElector> electors = new ArrayList<>();
  protected final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
  protected final Map<String, AtomicInteger> stops = new ConcurrentHashMap<>();
  protected final Map<String, List<String>> newLeaders = new ConcurrentHashMap<>();
  protected final Map<String, AtomicBoolean> working = new ConcurrentHashMap<>();

  @BeforeEach
  void namespace() {
    cluster(0).ensureNamespace(NS);
  }

  @AfterEach
  void closeAll() {
    electors.forEach(LeaderElector::close);
    closeClusters();
  }

  /** Elector {@code i}; its "work" runs from start to stop of its leadership. */
  protected LeaderElector elector(int i, boolean releaseOnClose) {
    String id = "replica-" + i;
    starts.put(id, new AtomicInteger());
    stops.put(id, new AtomicInteger());
    newLeaders.put(id, new CopyOnWriteArrayList<>());
    working.put(id, new AtomicBoolean());
    LeaderElector e =
        cluster(i)
            .leaderElector(
                LeaderElectionConfig.custom()
                    .lease(NS, LEASE)
                    .identity(id)
                    .leaseDuration(LEASE_DURATION)
                    .renewDeadline(RENEW_DEADLINE)
                    .retryPeriod(RETRY)
                    .onStartLeading(
                        () -> {
                          starts.get(id).incrementAndGet();
                          working.get(id).set(true);
                        })
                    .onStopLeading(
                        () -> {
                          stops.get(id).incrementAndGet();
                          working.get(id).set(false);
                        })
                    .onNewLeader(newLeaders.get(id)::add)
                    .releaseOnClose(releaseOnClose)
                    .build());
    electors.add(e);
    return e;
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
      Thread.sleep(10);
    }
  }

  private static List<LeaderElector> leaders(List<LeaderElector> es) {
    return es.stream().filter(LeaderElector::isLeader).toList();
  }

  private List<LeaderElector> three(boolean releaseOnClose) {
    return List.of(elector(0, releaseOnClose), elector(1, releaseOnClose), elector(2, false));
  }

  @Test
  void ofSeveralCompetingElectorsExactlyOneLeadsAndTheOthersSeeIt() throws Exception {
    List<LeaderElector> es = three(true);
    await("a leader", LEASE_DURATION.plus(SLACK), () -> leaders(es).size() == 1);
    LeaderElector leader = leaders(es).get(0);
    String id = leader.identity();
    await(
        "every elector to see " + id,
        SLACK,
        () -> es.stream().allMatch(e -> e.currentLeader().equals(Optional.of(id))));
    // for a while (several renewals), never two leaders
    long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < until) {
      assertThat(leaders(es)).as("leaders").hasSizeLessThanOrEqualTo(1);
      Thread.sleep(5);
    }
    assertThat(leader.isLeader()).isTrue();
    await("the leader's work to start", SLACK, () -> working.get(id).get());
    assertThat(starts.get(id)).hasValue(1);
    for (LeaderElector e : es) {
      if (e != leader) {
        assertThat(starts.get(e.identity())).hasValue(0);
        assertThat(e.awaitLeadership(Duration.ofMillis(50))).isFalse();
      }
      await(
          e.identity() + " to hear of " + id,
          SLACK,
          () -> newLeaders.get(e.identity()).contains(id));
    }
    LeaseInfo lease = cluster(0).lease(NS, LEASE).orElseThrow();
    assertThat(lease.holderIdentity()).hasValue(id);
    assertThat(lease.leaseDuration()).hasValue(LEASE_DURATION);
    assertThat(lease.renewTime()).isPresent();
    assertThat(lease.acquireTime()).isPresent();
  }

  @Test
  void aKilledLeaderIsReplacedWithinTheLeaseDurationPlusTheRetryPeriods() throws Exception {
    List<LeaderElector> es = three(false);
    await("a leader", LEASE_DURATION.plus(SLACK), () -> leaders(es).size() == 1);
    LeaderElector killed = leaders(es).get(0);
    int transitions = cluster(0).lease(NS, LEASE).orElseThrow().leaseTransitions();
    // killed: its renewals stop and it does not release the Lease (releaseOnClose false)
    long t0 = System.nanoTime();
    killed.close();
    List<LeaderElector> rest = es.stream().filter(e -> e != killed).toList();
    await(
        "another leader",
        LEASE_DURATION.plus(RETRY.multipliedBy(3)).plus(SLACK),
        () -> leaders(rest).size() == 1);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    // nobody may take a Lease before its holder's last renewal is a lease duration old
    assertThat(took).isGreaterThanOrEqualTo(LEASE_DURATION.minus(RETRY.multipliedBy(2)));
    LeaderElector next = leaders(rest).get(0);
    LeaseInfo lease = cluster(0).lease(NS, LEASE).orElseThrow();
    assertThat(lease.holderIdentity()).hasValue(next.identity());
    assertThat(lease.leaseTransitions()).isEqualTo(transitions + 1);
    assertThat(stops.get(killed.identity())).hasValue(1);
    assertThat(working.get(killed.identity())).isFalse();
    await("the new leader's work", SLACK, () -> working.get(next.identity()).get());
    System.out.printf(
        "%s: killed leader %s replaced by %s after %d ms (lease %d ms, retry %d ms)%n",
        getClass().getSimpleName(),
        killed.identity(),
        next.identity(),
        took.toMillis(),
        LEASE_DURATION.toMillis(),
        RETRY.toMillis());
  }

  @Test
  void aLeaderThatClosesReleasesTheLeaseAndIsReplacedAtTheNextTry() throws Exception {
    List<LeaderElector> es = List.of(elector(0, true), elector(1, true));
    await("a leader", LEASE_DURATION.plus(SLACK), () -> leaders(es).size() == 1);
    LeaderElector first = leaders(es).get(0);
    LeaderElector second = es.get(0) == first ? es.get(1) : es.get(0);
    long t0 = System.nanoTime();
    first.close();
    first.close(); // idempotent
    assertThat(first.isLeader()).isFalse();
    assertThat(stops.get(first.identity())).hasValue(1);
    assertThat(second.awaitLeadership(LEASE_DURATION.plus(SLACK))).isTrue();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    System.out.printf(
        "%s: released lease taken over after %d ms%n", getClass().getSimpleName(), took.toMillis());
    assertThat(cluster(0).lease(NS, LEASE).orElseThrow().holderIdentity())
        .hasValue(second.identity());
  }

  @Test
  void aLeaderWhoseLeaseAnotherClientTookStopsLeadingAndItsWork() throws Exception {
    LeaderElector only = elector(0, true);
    assertThat(only.awaitLeadership(LEASE_DURATION.plus(SLACK))).isTrue();
    await("the work to start", SLACK, () -> working.get("replica-0").get());
    takeLease("intruder");
    await("the leader to stop", RETRY.multipliedBy(3).plus(SLACK), () -> !only.isLeader());
    await("its work to stop", SLACK, () -> !working.get("replica-0").get());
    assertThat(stops.get("replica-0")).hasValue(1);
    await(
        "it to see the intruder",
        SLACK,
        () -> only.currentLeader().equals(Optional.of("intruder")));
    // the intruder never renews: after its lease duration the elector, a candidate again, takes
    // the Lease back and starts its work once more
    assertThat(only.awaitLeadership(LEASE_DURATION.plus(RETRY.multipliedBy(3)).plus(SLACK)))
        .isTrue();
    await("the work to start again", SLACK, () -> starts.get("replica-0").get() == 2);
  }

  /** The Lease as another client writes it: held by {@code holder}, renewed now, 2 s. */
  protected static LeaseInfo foreign(LeaseInfo current, String holder) {
    java.time.Instant now = java.time.Instant.now();
    return new LeaseInfo(
        NS,
        LEASE,
        Optional.of(holder),
        Optional.of(LEASE_DURATION),
        Optional.of(now),
        Optional.of(now),
        current.leaseTransitions() + 1,
        current.resourceVersion());
  }
}
