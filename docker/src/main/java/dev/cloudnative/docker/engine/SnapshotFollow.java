package dev.cloudnative.docker.engine;

import dev.cloudnative.docker.ContainerInfo;
import dev.cloudnative.docker.ContainerNotFoundException;
import dev.cloudnative.docker.ContainerState;
import dev.cloudnative.docker.LogConsumer;
import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.docker.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log follow built from successive complete snapshots, for engines whose streaming follow loses
 * lines (Podman's compat API with the k8s-file driver, containers/podman#21914). Each round reads
 * the state first and then the whole log: lines past the count already delivered are new (the
 * engine keeps lines in write order). The unterminated last line of a running container is held
 * back until its newline arrives, and its last complete line until a second read shows it unchanged
 * (a half-written record can surface as a line of its own); once the container is no longer running
 * the snapshot is final, so the follow flushes and ends.
 *
 * <p>Trade-off, measured on Podman 4.3: a full read of a 10 MB log takes about 45 s, so following a
 * very chatty container costs several full reads. Timestamps cannot narrow the read: Podman's
 * compat timestamps have whole-second resolution and split partial lines. The pause between rounds
 * grows with the read time (up to one second) to bound the engine's load.
 *
 * <p>Thread-safe: one daemon thread delivers; {@link #close()} may be called from any thread.
 */
final class SnapshotFollow implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotFollow.class);
  private static final long MIN_PAUSE_MS = 100;
  // Capped: an idle wait after a long read only delays the final, complete read.
  private static final long MAX_PAUSE_MS = 1000;

  private final DockerEngine engine;
  private final String container;
  private final LogOptions options;
  private final LogConsumer consumer;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean closed;

  private SnapshotFollow(
      DockerEngine engine, String container, LogOptions options, LogConsumer consumer) {
    this.engine = engine;
    this.container = container;
    this.options =
        new LogOptions(OptionalInt.empty(), options.since(), options.stdout(), options.stderr());
    this.consumer = consumer;
  }

  static SnapshotFollow start(
      DockerEngine engine, String container, LogOptions options, LogConsumer consumer) {
    engine.inspect(
        container); // fail fast with ContainerNotFoundException, like the streaming follow
    SnapshotFollow f = new SnapshotFollow(engine, container, options, consumer);
    Thread t =
        new Thread(
            () -> f.loop(options.tail()),
            "cloudnative-log-follow-" + container.substring(0, Math.min(12, container.length())));
    t.setDaemon(true);
    t.start();
    return f;
  }

  private void loop(OptionalInt tail) {
    long delivered = 0;
    boolean first = true;
    // The last line of a running container's snapshot, held back until a later snapshot shows the
    // same text at the same place: Podman can render a record conmon has only half written (a
    // partial line at the end of the file) as a line of its own, which the next read no longer
    // has (seen once in 1 400 000 lines: an empty line where "3618" belonged).
    long heldIndex = -1;
    String heldText = null;
    try {
      while (!closed) {
        ContainerInfo info = engine.inspect(container);
        boolean live =
            info.state() == ContainerState.RUNNING
                || info.state() == ContainerState.RESTARTING
                || info.state() == ContainerState.PAUSED;
        if (first && info.state() == ContainerState.CREATED) {
          return; // same as the streaming follow: nothing to follow before start
        }
        long began = System.nanoTime();
        List<LogLine> lines = engine.snapshot(container, options, !live);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        int usable = lines.size();
        if (live && usable > 0) {
          String last = lines.get(usable - 1).text();
          boolean confirmed = heldIndex == usable - 1 && last.equals(heldText);
          if (!confirmed) {
            usable--;
            heldIndex = usable;
            heldText = last;
          }
        }
        long from = first && tail.isPresent() ? Math.max(0, usable - tail.getAsInt()) : delivered;
        for (long i = from; i < usable && !closed; i++) {
          consumer.accept(lines.get((int) i));
        }
        boolean progressed = usable > delivered;
        delivered = Math.max(delivered, usable);
        first = false;
        if (!live) {
          return;
        }
        Thread.sleep(Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, (progressed ? 2 : 4) * tookMs)));
      }
    } catch (ContainerNotFoundException gone) {
      LOG.debug("followed container {} was removed", container);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("log follow of {} ended by error", container, e);
    } finally {
      ended.countDown();
    }
  }

  @Override
  public boolean awaitEnd(Duration timeout) {
    try {
      return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean isEnded() {
    return ended.getCount() == 0;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "SnapshotFollow[" + container + ", since " + options.since() + "]";
  }
}
