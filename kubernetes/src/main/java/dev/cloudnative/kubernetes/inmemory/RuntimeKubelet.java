package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.EnvVar;
import dev.cloudnative.kubernetes.ImagePullException;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.PodContainer;
import dev.cloudnative.kubernetes.PodContainerSpec;
import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.PodRuntime;
import dev.cloudnative.kubernetes.PodStartException;
import dev.cloudnative.kubernetes.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet when a {@link PodRuntime} runs the pods: each pod is a container started from the pod
 * template, supervised as the real kubelet does. A container that exits, or fails its liveness
 * probe {@code failureThreshold} times, is restarted after Kubernetes' back-off (initial, doubling
 * per restart, capped; reset after ten minutes of running), the pod reporting {@code
 * CrashLoopBackOff} meanwhile; an image the runtime cannot find is {@code ErrImagePull}, then
 * {@code ImagePullBackOff}. Readiness and liveness probes ({@link PodProbes}) run every pass until
 * the first success, then at the probe's period, so a pod becomes ready as soon as it answers.
 *
 * <p>The split between deciding and doing is the point of this class: {@link #advance} decides
 * under the state lock what each pod needs and queues it, and the runtime calls (starting, probing,
 * stopping containers, which may take seconds on a remote engine) run afterwards on a worker pool
 * outside the lock, writing their outcome back under it with {@link ClusterState#whileOpen}. A
 * pod's {@code busy} flag keeps at most one call per pod in flight; a pod deleted or a cluster
 * closed while a call ran is noticed when the outcome is written back, and what the call started is
 * removed.
 *
 * <p>Thread-safe: the queued work is guarded by the {@link ClusterState} lock; the pending stops
 * are a copy-on-write list; runtime calls never hold the state lock.
 */
final class RuntimeKubelet implements Kubelet {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeKubelet.class);

  /** Kubernetes resets a container's restart back-off after it ran this long. */
  private static final Duration BACK_OFF_RESET = Duration.ofMinutes(10);

  private final ClusterState state;
  private final PodRuntime runtime;
  private final Duration backOffInitial;
  private final Duration backOffMax;
  private final Duration terminationGrace;
  private final ExecutorService runtimeWork;
  private final ScheduledExecutorService passes;
  private final List<Runnable> pendingWork = new ArrayList<>(); // guarded by the state lock
  private final List<Future<?>> stopping = new CopyOnWriteArrayList<>();

  RuntimeKubelet(
      ClusterState state,
      PodRuntime runtime,
      Duration backOffInitial,
      Duration backOffMax,
      Duration terminationGrace) {
    this.state = state;
    this.runtime = runtime;
    this.backOffInitial = backOffInitial;
    this.backOffMax = backOffMax;
    this.terminationGrace = terminationGrace;
    AtomicInteger threads = new AtomicInteger();
    runtimeWork =
        Executors.newCachedThreadPool(
            r -> daemon(r, "inmemory-kubelet-work-" + threads.incrementAndGet()));
    passes = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "inmemory-kubelet"));
    state.containerStopper(this::stopContainer);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Runs {@code pass} (the cluster's step) every {@code period} until {@link #close()}. */
  void start(Runnable pass, Duration period) {
    long nanos = period.toNanos();
    passes.scheduleWithFixedDelay(
        () -> {
          try {
            if (!state.closed) {
              pass.run();
            }
          } catch (IllegalStateException closedMeanwhile) {
            LOG.debug("kubelet pass after close skipped");
          } catch (RuntimeException e) {
            LOG.warn("kubelet pass failed", e);
          }
        },
        nanos,
        nanos,
        TimeUnit.NANOSECONDS);
    LOG.info("in-memory cluster runs pods on {}", runtime.describe());
  }

  /** Runs {@code task} on the worker pool (a log follow's polling). */
  void submit(Runnable task) {
    runtimeWork.submit(task);
  }

  @Override
  public void runQueuedWork() {
    List<Runnable> work;
    synchronized (state.lock) {
      work = new ArrayList<>(pendingWork);
      pendingWork.clear();
    }
    List<Future<?>> running = new ArrayList<>(work.size());
    for (Runnable r : work) {
      running.add(runtimeWork.submit(r));
    }
    for (Future<?> f : running) {
      try {
        f.get(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("kubelet work did not complete", e);
      }
    }
  }

  /**
   * One decision for a pod (under the lock): start its container when it has none and its back-off
   * has passed, otherwise check the container and run the probes that are due.
   */
  @Override
  public void advance(PodState p) {
    if (p.busy || p.terminated()) {
      return; // a Job pod that ran to completion keeps its exited container (and log) until deleted
    }
    Instant now = state.now;
    if (p.container == null) {
      if (now.isBefore(p.nextStart)) {
        return;
      }
      p.busy = true;
      PodContainerSpec spec = containerSpec(p);
      pendingWork.add(() -> startContainer(p, spec));
      return;
    }
    PodContainer c = p.container;
    Optional<Probe> readiness = due(p, p.template.readinessProbe(), p.lastReadiness, !p.ready);
    Optional<Probe> liveness = due(p, p.template.livenessProbe(), p.lastLiveness, false);
    readiness.ifPresent(probe -> p.lastReadiness = now);
    liveness.ifPresent(probe -> p.lastLiveness = now);
    p.busy = true;
    pendingWork.add(() -> checkContainer(p, c, readiness, liveness));
  }

  /**
   * The probe when it should run now: after its initial delay, then at its period; a readiness
   * probe that has not yet passed runs every pass, so a pod becomes ready as soon as it answers.
   */
  private Optional<Probe> due(PodState p, Optional<Probe> probe, Instant last, boolean eager) {
    Instant now = state.now;
    if (probe.isEmpty() || now.isBefore(p.startedAt.plus(probe.get().initialDelay()))) {
      return Optional.empty();
    }
    return eager || !now.isBefore(last.plus(probe.get().period())) ? probe : Optional.empty();
  }

  private PodContainerSpec containerSpec(PodState p) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v : p.template.env()) {
      // resolved when the container starts, as the kubelet does; a missing key leaves the variable
      // empty
      Map<Key, Map<String, String>> source =
          switch (v.source()) {
            case LITERAL -> Map.of();
            case CONFIG_MAP -> state.configMaps;
            case SECRET -> state.secrets;
          };
      String value =
          v.source() == EnvVar.Source.LITERAL
              ? v.value()
              : source
                  .getOrDefault(new Key(p.key.namespace(), v.sourceName()), Map.of())
                  .getOrDefault(v.sourceKey(), "");
      env.put(v.name(), value);
    }
    List<Integer> ports = p.template.ports().stream().map(port -> port.port()).toList();
    return new PodContainerSpec(
        p.key.namespace(),
        p.key.name(),
        p.containerName,
        p.image,
        p.template.command(),
        p.template.args(),
        env,
        ports,
        p.labels,
        p.workingDir,
        p.mounts);
  }

  /** Outside the lock: starts the pod's container and records the outcome. */
  private void startContainer(PodState p, PodContainerSpec spec) {
    PodContainer started = null;
    String failure = "";
    String message = "";
    try {
      started = runtime.start(spec);
    } catch (PodStartException e) {
      failure = e.reason();
      message = e.getMessage();
    } catch (RuntimeException e) {
      failure = PodStartException.CREATE_CONTAINER_ERROR;
      message = e.toString();
    }
    PodContainer c = started;
    String reason = failure;
    String why = message;
    boolean kept =
        Boolean.TRUE.equals(
            state.whileOpen(
                () -> {
                  p.busy = false;
                  if (state.pods.get(p.key) != p) {
                    return false; // deleted while starting
                  }
                  Instant now = state.now;
                  if (c == null) {
                    boolean pull = reason.equals(PodStartException.ERR_IMAGE_PULL);
                    p.reason =
                        pull && ImagePullException.REASONS.contains(p.reason)
                            ? "ImagePullBackOff"
                            : reason;
                    p.nextStart = now.plus(backOff(p));
                    LOG.warn(
                        "pod {} cannot start ({}), retrying after {}: {}",
                        p.key,
                        p.reason,
                        Duration.between(now, p.nextStart),
                        why);
                    return true;
                  }
                  if (p.startedAt != null) {
                    // as the kubelet counts: a container started again after one ended
                    p.restarts++;
                  }
                  p.container = c;
                  p.phase = PodPhase.RUNNING;
                  p.ip = c.host();
                  p.ports = Map.copyOf(c.ports());
                  if (p.node.isEmpty()) {
                    p.node = SimulatedKubelet.NODE; // a daemon pod is pinned to its node
                  }
                  p.reason = "";
                  p.startedAt = now;
                  p.readinessFailures = 0;
                  p.livenessFailures = 0;
                  p.ready = !p.hasReadinessProbe;
                  LOG.debug("pod {} started on {} with ports {}", p.key, c.host(), c.ports());
                  return true;
                }));
    if (c != null && !kept) {
      c.close();
    }
  }

  /**
   * Outside the lock: sees whether the container exited and runs the due probes, then records what
   * it found.
   */
  private void checkContainer(
      PodState p, PodContainer c, Optional<Probe> readiness, Optional<Probe> liveness) {
    OptionalInt exit = OptionalInt.empty();
    Boolean ready = null;
    Boolean alive = null;
    try {
      exit = c.exitCode();
      if (exit.isEmpty()) {
        ready = readiness.map(probe -> PodProbes.passes(probe, c, p.key.toString())).orElse(null);
        alive = liveness.map(probe -> PodProbes.passes(probe, c, p.key.toString())).orElse(null);
      }
    } catch (RuntimeException e) {
      LOG.warn("checking the container of pod {} failed", p.key, e);
    }
    OptionalInt exited = exit;
    Boolean readyNow = ready;
    Boolean aliveNow = alive;
    state.whileOpen(
        () -> {
          p.busy = false;
          if (state.pods.get(p.key) != p || p.container != c) {
            return null;
          }
          if (readyNow != null) {
            p.readinessFailures = readyNow ? 0 : p.readinessFailures + 1;
            if (readyNow) {
              p.ready = true;
            } else if (p.readinessFailures >= readiness.get().failureThreshold()) {
              p.ready = false;
            }
          }
          boolean killed = false;
          if (aliveNow != null) {
            p.livenessFailures = aliveNow ? 0 : p.livenessFailures + 1;
            killed = p.livenessFailures >= liveness.get().failureThreshold();
          }
          if (p.restartPolicy != null && exited.isPresent()) {
            // a Job pod: exit 0 ends it, a failure ends it (Never) or restarts it (OnFailure)
            p.exited(exited.getAsInt(), state.now, state.outbox);
            if (p.terminated()) {
              return null;
            }
          } else if (p.restartPolicy == JobSpec.RestartPolicy.NEVER && killed) {
            p.exited(137, state.now, state.outbox);
            return null;
          }
          if (exited.isPresent() || killed) {
            restartLater(
                p,
                c,
                exited.isPresent()
                    ? "exited with code " + exited.getAsInt()
                    : "failed its liveness probe");
          }
          return null;
        });
  }

  /**
   * The container is gone or condemned: count a restart and start a new one after the back-off
   * (under the lock).
   */
  private void restartLater(PodState p, PodContainer c, String why) {
    Instant now = state.now;
    if (Duration.between(p.startedAt, now).compareTo(BACK_OFF_RESET) >= 0) {
      p.backOffs = 0;
    }
    p.container = null;
    p.ready = false;
    p.reason = "CrashLoopBackOff";
    p.nextStart = now.plus(backOff(p));
    LOG.info(
        "pod {} container {}; restart {} after {} (CrashLoopBackOff)",
        p.key,
        why,
        p.restarts + 1,
        Duration.between(now, p.nextStart));
    stopContainer(p, c);
  }

  /** Kubernetes' restart back-off: initial, doubling per use, capped. */
  private Duration backOff(PodState p) {
    Duration d = backOffInitial;
    for (int i = 0; i < p.backOffs && d.compareTo(backOffMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    p.backOffs++;
    return d.compareTo(backOffMax) > 0 ? backOffMax : d;
  }

  /** Queues a container's stop and removal outside the lock (called under the lock). */
  private void stopContainer(PodState p, PodContainer c) {
    stopping.removeIf(Future::isDone);
    stopping.add(
        runtimeWork.submit(
            () -> {
              try {
                c.stop(terminationGrace);
              } catch (RuntimeException e) {
                LOG.warn("stopping the container of pod {} failed", p.key, e);
              }
            }));
  }

  /**
   * Stops the passes, removes every pod's container (waiting up to the termination grace period
   * plus a margin, for stops already under way too) and waits for the calls still in flight: they
   * see the cluster closed and remove what they started, so no container outlives the cluster.
   * Called after the state was marked closed, outside the lock.
   */
  @Override
  public void close() {
    passes.shutdownNow();
    List<PodContainer> containers = new ArrayList<>();
    synchronized (state.lock) {
      for (PodState p : state.pods.values()) {
        if (p.container != null) {
          containers.add(p.container);
          p.container = null;
        }
      }
      pendingWork.clear();
    }
    List<Future<?>> removals = new ArrayList<>(stopping);
    for (PodContainer c : containers) {
      removals.add(runtimeWork.submit(c::close));
    }
    long waitMs = terminationGrace.toMillis() + 30_000;
    for (Future<?> f : removals) {
      try {
        f.get(waitMs, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("removing a pod container at close failed", e);
      }
    }
    runtimeWork.shutdown();
    try {
      if (!runtimeWork.awaitTermination(waitMs, TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "pod runtime calls still running after close; their containers may outlive the"
                + " cluster");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
