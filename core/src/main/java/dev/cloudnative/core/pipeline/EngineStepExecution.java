package dev.cloudnative.core.pipeline;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.DockerTimeoutException;
import dev.cloudnative.docker.Subscription;
import dev.cloudnative.pipeline.ContainerStepExecution;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container {@link ContainerEngineStepExecutor} started: a thread of its own waits for the exit
 * and for the followed output, then completes {@link #exit()}; {@link #stop} stops and removes the
 * container once. Thread-safe: the engine is, and removal happens once.
 */
final class EngineStepExecution implements ContainerStepExecution {
  private static final Logger LOG = LoggerFactory.getLogger(EngineStepExecution.class);

  /** One wait call's bound; the wait repeats until the container exits or the attempt ended. */
  private static final Duration WAIT_SLICE = Duration.ofMinutes(10);

  private final ContainerEngine engine;
  private final String id;
  private final Subscription follow;
  private final Duration drainTimeout;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final AtomicBoolean stopped = new AtomicBoolean();

  EngineStepExecution(
      ContainerEngine engine, String id, Subscription follow, Duration drainTimeout) {
    this.engine = engine;
    this.id = id;
    this.follow = follow;
    this.drainTimeout = drainTimeout;
  }

  void awaitExitInBackground(String threadName) {
    Thread t = new Thread(this::awaitExit, threadName);
    t.setDaemon(true);
    t.start();
  }

  private void awaitExit() {
    try {
      int code;
      while (true) {
        try {
          code = engine.waitForExit(id, WAIT_SLICE);
          break;
        } catch (DockerTimeoutException stillRunning) {
          if (stopped.get()) {
            throw stillRunning;
          }
        }
      }
      if (!follow.awaitEnd(drainTimeout)) {
        LOG.warn(
            "container {} exited but its output did not end within {}; the rest is dropped",
            id,
            drainTimeout);
      }
      exit.complete(code);
    } catch (RuntimeException e) {
      exit.completeExceptionally(e);
    }
  }

  @Override
  public CompletionStage<Integer> exit() {
    return exit;
  }

  @Override
  public void stop(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    try {
      engine.stop(id, grace);
      engine.remove(id, true, true);
    } finally {
      follow.close();
    }
  }

  @Override
  public String toString() {
    return "container " + id.substring(0, Math.min(12, id.length()));
  }
}
