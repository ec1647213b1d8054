package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.QuorumNotReachedException;
import dev.cloudnative.storage.RecoveryProgress;
import dev.cloudnative.storage.RedisServer;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import dev.cloudnative.storage.node.RedisNode;
import dev.cloudnative.storage.replication.OpHistory.Op;
import dev.cloudnative.storage.replication.OpHistory.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Jepsen-style fault test on five real redis-server processes (N=3, QUORUM writes and reads):
 * concurrent writers put, delete and read their own keys while a nemesis, one fault at a time, kill
 * -9s a server and restarts it empty, or SIGSTOPs it and SIGCONTs it later, and waits for the store
 * to have healed (the node up, its recovery complete) before the next fault. Before the faults, 300
 * keys are written once and never touched again: every one of their replicas is lost at some point.
 * At the end every key must read back with its latest acknowledged value or that of a later
 * unacknowledged write (lost otherwise), no key whose last acknowledged operation was a delete may
 * have a value (resurrected otherwise), and no call may have lasted longer than its deadline plus a
 * generous 2 s. The history goes to {@code target/storage-fault-history.txt}; the figures are
 * printed. {@code -Dstorage.fault.seed=...} replays a schedule.
 */
class RedisNemesisTest {
  private static final int SERVERS = 5;
  private static final int WRITERS = 4;
  private static final int KEYS_PER_WRITER = 40;
  private static final int WRITTEN_ONCE = 300;
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final long DEADLINE_SLACK_MILLIS = 2_000;
  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(35);

  private final List<RedisServer> servers = new ArrayList<>();
  private final List<RedisNode> nodes = new ArrayList<>();
  private ReplicatedStore store;

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close();
    }
    nodes.forEach(RedisNode::close);
    servers.forEach(RedisServer::close);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void noAcknowledgedWriteIsLostNorDeleteUndoneUnderKillNineAndStopContinue() throws Exception {
    RedisServer.binary();
    long seed = Long.getLong("storage.fault.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int i = 0; i < SERVERS; i++) {
      RedisServer s = RedisServer.start(false);
      servers.add(s);
      nodes.add(
          RedisNode.builder("r" + i, "127.0.0.1", s.port())
              .timeout(Duration.ofMillis(500))
              .build());
    }
    store =
        KeyValueStore.replicated(
            StoreConfig.custom()
                .replicationFactor(3)
                .writeConsistency(Consistency.QUORUM)
                .readConsistency(Consistency.QUORUM)
                .timeout(TIMEOUT)
                .probeInterval(Duration.ofMillis(100))
                .build(),
            nodes);
    OpHistory history = new OpHistory();
    List<String> verdict = new ArrayList<>();
    verdict.add("seed " + seed + " (-Dstorage.fault.seed=" + seed + " replays the schedule)");
    Path file = Path.of("target", "storage-fault-history.txt");
    try {
      run(random, history, verdict);
    } finally {
      history.writeTo(file, verdict);
      System.out.println("fault test history: " + file.toAbsolutePath());
    }
  }

  private void run(Random random, OpHistory history, List<String> verdict) throws Exception {
    for (int i = 0; i < WRITTEN_ONCE; i++) {
      String k = "once-" + i;
      int attempts = 0;
      // Refused before any fault only on a badly loaded machine: the key must be acknowledged once.
      while (!call(history, -1, "put", k, "once-value-" + i)) {
        assertThat(++attempts).as("attempts to write %s before any fault", k).isLessThan(20);
      }
    }
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> writers = new ArrayList<>();
    for (int p = 0; p < WRITERS; p++) {
      int process = p;
      long writerSeed = random.nextLong();
      writers.add(pool.submit(() -> write(process, new Random(writerSeed), stop, history)));
    }
    int faults = 0;
    try {
      faults = nemesis(random, history);
    } finally {
      stop.set(true);
      for (Future<?> f : writers) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
    }
    history.event("healed; final anti-entropy and reads");
    awaitHealed(history, "final");
    dev.cloudnative.storage.AntiEntropyReport merkle = store.merkleRepair();
    history.event("merkle repair: " + merkle);
    verdict.add("final Merkle repair: " + merkle);
    store.antiEntropy();
    check(history, verdict, faults);
  }

  /** One writer: its own keys, 75 % puts, 12 % deletes, 13 % reads, until stopped. */
  private void write(int process, Random random, AtomicBoolean stop, OpHistory history) {
    long seq = 0;
    while (!stop.get()) {
      String key = "w" + process + "-" + random.nextInt(KEYS_PER_WRITER);
      int dice = random.nextInt(100);
      if (dice < 75) {
        call(history, process, "put", key, "p" + process + "-" + seq++);
      } else if (dice < 87) {
        call(history, process, "delete", key, null);
      } else {
        call(history, process, "read", key, null);
      }
    }
  }

  /** One call through the store, recorded; returns whether it was acknowledged. */
  private boolean call(OpHistory history, int process, String kind, String key, String value) {
    long start = history.now();
    String got = value;
    String version = null;
    Outcome outcome = Outcome.OK;
    String detail = null;
    try {
      switch (kind) {
        case "put" -> version = store.put(b(key), b(value), Consistency.QUORUM).toHex();
        case "delete" -> version = store.delete(b(key), Consistency.QUORUM).toHex();
        default -> {
          Optional<VersionedValue> v = store.getVersioned(b(key), Consistency.QUORUM, TIMEOUT);
          got = v.map(VersionedValue::valueAsString).orElse(null);
          version = v.map(x -> x.version().toHex()).orElse(null);
        }
      }
    } catch (QuorumNotReachedException e) {
      outcome = Outcome.REFUSED;
      detail = e.getMessage();
    } catch (RuntimeException e) {
      outcome = Outcome.FAILED;
      detail = e.toString();
    }
    history.add(new Op(process, kind, key, got, version, start, history.now(), outcome, detail));
    return outcome == Outcome.OK;
  }

  /**
   * One kill -9 with an empty restart per server and as many SIGSTOP/SIGCONT pauses of random
   * servers, in a shuffled order, one at a time, each followed by waiting for the store to heal.
   * Returns the faults injected (fewer if the time budget ran out).
   */
  private int nemesis(Random random, OpHistory history) throws Exception {
    List<String> plan = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) {
      plan.add("kill " + i);
      plan.add("pause " + random.nextInt(SERVERS));
    }
    Collections.shuffle(plan, random);
    long until = System.nanoTime() + BUDGET_NANOS;
    int done = 0;
    for (String step : plan) {
      if (System.nanoTime() > until) {
        history.event("time budget spent; " + (plan.size() - done) + " faults skipped");
        break;
      }
      Thread.sleep(200 + random.nextInt(400));
      int i = Integer.parseInt(step.substring(step.indexOf(' ') + 1));
      RedisServer server = servers.get(i);
      String id = nodes.get(i).id();
      if (step.startsWith("kill")) {
        String before = store.incarnation(id).map(x -> x.token()).orElse("");
        history.event("kill -9 " + id);
        server.kill();
        Thread.sleep(200 + random.nextInt(500));
        server.startProcess(); // a fresh directory and no AOF: the server comes back empty
        history.event("restarted empty " + id);
        awaitRecovered(history, id, before);
      } else {
        history.event("SIGSTOP " + id);
        server.pause();
        Thread.sleep(500 + random.nextInt(1_000));
        server.resume();
        history.event("SIGCONT " + id);
      }
      awaitHealed(history, step);
      done++;
    }
    return done;
  }

  private void awaitRecovered(OpHistory history, String id, String before) throws Exception {
    ReplicatedStoreTest.eventually(
        () -> {
          Optional<RecoveryProgress> p = store.recovery(id);
          return p.isPresent() && !p.get().incarnation().equals(before) && p.get().complete();
        },
        id + " recovered after its empty restart");
    RecoveryProgress p = store.recovery(id).orElseThrow();
    history.event(
        String.format(
            "%s recovered: %d/%d ranges, %d keys, %d bytes",
            id, p.rangesDone(), p.rangesTotal(), p.keysStreamed(), p.bytesStreamed()));
  }

  private void awaitHealed(OpHistory history, String after) throws Exception {
    ReplicatedStoreTest.eventually(
        () -> {
          for (RedisNode n : nodes) {
            if (!store.isUp(n.id()) || store.isRecovering(n.id())) {
              return false;
            }
          }
          return true;
        },
        "every node up and none recovering after " + after);
    history.event("healed after " + after);
  }

  /** The checker: final reads against the acknowledged history. */
  private void check(OpHistory history, List<String> verdict, int faults) {
    List<Op> ops = history.ops();
    Map<String, List<Op>> byKey = new LinkedHashMap<>();
    long acked = 0;
    long refused = 0;
    long failed = 0;
    long slow = 0;
    long overDeadline = 0;
    List<Long> latencies = new ArrayList<>();
    for (Op o : ops) {
      if (!o.kind().equals("read")) {
        byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
        if (o.outcome() == Outcome.OK) {
          acked++;
        }
      }
      if (o.outcome() == Outcome.REFUSED) {
        refused++;
      } else if (o.outcome() == Outcome.FAILED) {
        failed++;
      }
      latencies.add(o.end() - o.start());
      if (o.millis() > TIMEOUT.toMillis()) {
        overDeadline++;
      }
      if (o.millis() > TIMEOUT.toMillis() + DEADLINE_SLACK_MILLIS) {
        slow++;
        verdict.add("call over its deadline: " + o);
      }
    }
    long lost = 0;
    long resurrected = 0;
    for (Map.Entry<String, List<Op>> e : byKey.entrySet()) {
      List<Op> writes = e.getValue(); // one writer per key: program order is start order
      writes.sort((x, y) -> Long.compare(x.start(), y.start()));
      int lastAck = -1;
      for (int i = 0; i < writes.size(); i++) {
        if (writes.get(i).outcome() == Outcome.OK) {
          lastAck = i;
        }
      }
      if (lastAck < 0) {
        continue;
      }
      // Allowed: the effect of the last acknowledged write or of any later one (unknown outcome).
      Set<String> allowed = new HashSet<>();
      boolean absentAllowed = false;
      for (int i = lastAck; i < writes.size(); i++) {
        Op w = writes.get(i);
        if (w.kind().equals("delete")) {
          absentAllowed = true;
        } else {
          allowed.add(w.value());
        }
      }
      Version floor = Version.fromHex(writes.get(lastAck).version());
      Optional<VersionedValue> got = store.getVersioned(b(e.getKey()), Consistency.QUORUM, TIMEOUT);
      boolean ok;
      if (got.isEmpty()) {
        ok = absentAllowed;
        if (!ok) {
          lost++;
        }
      } else {
        ok = allowed.contains(got.get().valueAsString()) && !floor.isNewerThan(got.get().version());
        if (!ok) {
          if (writes.get(lastAck).kind().equals("delete")
              && !got.get().version().isNewerThan(floor)) {
            resurrected++;
          } else {
            lost++;
          }
        }
      }
      if (!ok) {
        verdict.add(
            "key "
                + e.getKey()
                + ": read "
                + got.map(Object::toString).orElse("nothing")
                + (got.isPresent() ? " '" + got.get().valueAsString() + "'" : "")
                + ", allowed "
                + allowed
                + (absentAllowed ? " or absent" : "")
                + " (last acknowledged "
                + writes.get(lastAck)
                + ")");
      }
    }
    Collections.sort(latencies);
    String figures =
        String.format(
            "redis fault test: %d faults (kill -9 + empty restart, SIGSTOP/SIGCONT), %d calls, %d"
                + " acknowledged writes on %d keys (%d written once), %d lost, %d resurrected, %d"
                + " refused (quorum not reached), %d failed otherwise, %d over the %d ms deadline"
                + " (%d over it by more than 2 s); latency over the faulted run p50 %.1f ms, p99"
                + " %.1f ms, max %.1f ms",
            faults,
            ops.size(),
            acked,
            byKey.size(),
            WRITTEN_ONCE,
            lost,
            resurrected,
            refused,
            failed,
            overDeadline,
            TIMEOUT.toMillis(),
            slow,
            percentile(latencies, 0.50),
            percentile(latencies, 0.99),
            latencies.get(latencies.size() - 1) / 1e6);
    verdict.add(0, figures);
    System.out.println(figures);
    assertThat(faults).as("faults injected").isGreaterThanOrEqualTo(SERVERS);
    assertThat(lost).as("acknowledged writes lost (see the history)").isZero();
    assertThat(resurrected).as("deleted keys that came back (see the history)").isZero();
    assertThat(slow).as("calls that outlasted their deadline by more than 2 s").isZero();
    assertThat(failed).as("calls that failed other than by a refused quorum").isZero();
    assertThat(acked).isGreaterThan(WRITTEN_ONCE);
  }

  private static double percentile(List<Long> sorted, double p) {
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }
}
