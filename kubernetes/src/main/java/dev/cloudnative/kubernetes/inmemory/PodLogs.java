package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PodContainer;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.kubernetes.internal.EndableSubscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod logs, read and followed. A simulated pod's log is the timestamped lines kept in its {@link
 * PodState}, filtered by the simulated clock; a follow is a {@link LogFollower} the pod feeds
 * through the outbox. A pod run by a runtime has the container's log instead, read outside the lock
 * because the runtime may be a remote engine; its follow polls the container (the runtime offers
 * snapshots only) and ends when the container does (it is replaced, removed, or its Job pod ended),
 * as {@code kubectl logs -f} does.
 *
 * <p>Thread-safe: state is read under the {@link ClusterState} lock; container logs are read
 * outside it.
 */
final class PodLogs {

  private static final Logger LOG = LoggerFactory.getLogger(PodLogs.class);

  /** How often a runtime container's log is polled while followed. */
  private static final Duration POLL = Duration.ofMillis(200);

  private final ClusterState state;
  private final Optional<RuntimeKubelet> kubelet;

  PodLogs(ClusterState state, Optional<RuntimeKubelet> kubelet) {
    this.state = state;
    this.kubelet = kubelet;
  }

  /** Appends a line to a simulated pod's log (as if the container wrote it). */
  void append(String namespace, String pod, String line) {
    state.locked(
        () -> {
          PodState p = state.requirePod(new Key(state.ns(namespace), pod));
          p.log(state.now, line, state.outbox);
          return null;
        });
  }

  String logs(String namespace, String pod, LogOptions options) {
    Objects.requireNonNull(options, "options");
    PodContainer container;
    List<String> lines;
    synchronized (state.lock) {
      state.checkOpen();
      PodState p = state.requirePod(new Key(state.ns(namespace), pod));
      checkContainer(p, options);
      container = p.container;
      lines = selectLines(p, options);
    }
    if (container != null) {
      // a real workload: its log is the container's (read outside the lock: the runtime may be a
      // remote engine); a runtime's pods live in real time, so the window ends at the wall clock
      lines = container.logs(tailOf(options), window(options, Instant.now()));
    }
    return String.join("", lines.stream().map(l -> l + "\n").toList());
  }

  Subscription follow(String namespace, String pod, LogOptions options, Consumer<String> lines) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(lines, "lines");
    return state.locked(
        () -> {
          PodState p = state.requirePod(new Key(state.ns(namespace), pod));
          checkContainer(p, options);
          if (p.container != null) {
            return followContainer(p, p.container, options, lines);
          }
          LogFollower f =
              new LogFollower(
                  lines,
                  self -> {
                    synchronized (state.lock) {
                      p.followers.remove(self);
                    }
                  });
          for (String line : selectLines(p, options)) {
            state.outbox.add(() -> f.deliver(line));
          }
          p.followers.add(f);
          return f.subscription;
        });
  }

  /**
   * Follows a runtime container's log by polling it, until the subscription closes or the pod's
   * container changes (exit, restart, deletion) or the cluster closes (under the lock).
   */
  private Subscription followContainer(
      PodState p, PodContainer c, LogOptions options, Consumer<String> lines) {
    EndableSubscription subscription = new EndableSubscription(() -> {});
    Duration since = window(options, Instant.now());
    kubelet
        .orElseThrow()
        .submit(
            () -> {
              int delivered = 0;
              boolean first = true;
              try {
                while (!subscription.isEnded()) {
                  // a Job pod that ran to completion keeps its exited container: its log is
                  // complete once read after the pod ended, and the follow ends there
                  boolean ended;
                  synchronized (state.lock) {
                    ended = p.terminated();
                  }
                  List<String> all = c.logs(-1, Duration.ZERO);
                  if (first) {
                    List<String> initial = c.logs(tailOf(options), since);
                    delivered = all.size() - initial.size();
                    first = false;
                  }
                  for (int i = Math.max(0, delivered);
                      i < all.size() && !subscription.isEnded();
                      i++) {
                    lines.accept(all.get(i));
                  }
                  delivered = all.size();
                  boolean current;
                  synchronized (state.lock) {
                    current = !state.closed && state.pods.get(p.key) == p && p.container == c;
                  }
                  if (!current || ended) {
                    return;
                  }
                  Thread.sleep(POLL.toMillis());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.debug("log follow of pod {} ended: {}", p.key, e.toString());
              } finally {
                subscription.end();
              }
            });
    return subscription;
  }

  private static void checkContainer(PodState p, LogOptions options) {
    if (options.container().isPresent() && !options.container().get().equals(p.containerName)) {
      throw new KubernetesNotFoundException(
          "container "
              + options.container().get()
              + " is not valid for pod "
              + p.key
              + "; its container is "
              + p.containerName,
          "Pod",
          p.key.namespace(),
          p.key.name(),
          400,
          null);
    }
  }

  /** A simulated pod's lines at or after {@code since} (on the simulated clock), then the tail. */
  private static List<String> selectLines(PodState p, LogOptions options) {
    Instant since = options.since().orElse(Instant.MIN);
    List<String> lines =
        p.log.stream().filter(l -> !l.at().isBefore(since)).map(PodState.LogLine::text).toList();
    int tail = tailOf(options);
    if (tail >= 0 && lines.size() > tail) {
      lines = lines.subList(lines.size() - tail, lines.size());
    }
    return lines;
  }

  /** The runtime interface's tail: -1 for all. */
  private static int tailOf(LogOptions options) {
    return options.tail().orElse(-1);
  }

  /**
   * The runtime interface's window for {@code since}: the time from it to {@code now} (the
   * container's log has no timestamps this class could filter on), {@link Duration#ZERO} for no
   * limit. An instant at or after now keeps a window of one nanosecond, which no line written
   * before the read falls into.
   */
  private static Duration window(LogOptions options, Instant now) {
    if (options.since().isEmpty()) {
      return Duration.ZERO;
    }
    Duration d = Duration.between(options.since().get(), now);
    return d.isNegative() || d.isZero() ? Duration.ofNanos(1) : d;
  }
}
