package dev.cloudnative.core.runtime;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerInfo;
import dev.cloudnative.docker.ContainerNotFoundException;
import dev.cloudnative.docker.ContainerState;
import dev.cloudnative.docker.DockerTimeoutException;
import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.kubernetes.ExecResult;
import dev.cloudnative.kubernetes.ExecTimeoutException;
import dev.cloudnative.kubernetes.PodContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pod container on a {@link ContainerEngine}, as {@link ContainerPodRuntime} started it.
 *
 * <p>Thread-safe: the engine is, and removal happens once.
 */
final class EngineContainer implements PodContainer {

  /**
   * The exit code of a container that disappeared from the engine (removed behind the kubelet's
   * back).
   */
  private static final int GONE = 137;

  private final ContainerEngine engine;
  private final String id;
  private final String host;
  private final Map<Integer, Integer> ports;
  private final String namespace;
  private final String pod;
  private final AtomicBoolean removed = new AtomicBoolean();

  EngineContainer(
      ContainerEngine engine,
      String id,
      String host,
      Map<Integer, Integer> ports,
      String namespace,
      String pod) {
    this.engine = engine;
    this.id = id;
    this.host = host;
    this.ports = Map.copyOf(ports);
    this.namespace = namespace;
    this.pod = pod;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public Map<Integer, Integer> ports() {
    return ports;
  }

  @Override
  public OptionalInt exitCode() {
    try {
      ContainerInfo info = engine.inspect(id);
      if (info.state() == ContainerState.RUNNING || info.state() == ContainerState.CREATED) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(info.exitCode().orElse(GONE));
    } catch (ContainerNotFoundException e) {
      return OptionalInt.of(GONE);
    }
  }

  @Override
  public ExecResult exec(List<String> command, Duration timeout) {
    try {
      dev.cloudnative.docker.ExecResult r = engine.exec(id, command, timeout);
      return new ExecResult(r.exitCode(), r.stdout(), r.stderr());
    } catch (DockerTimeoutException e) {
      throw new ExecTimeoutException(namespace, pod, command, timeout, e);
    }
  }

  @Override
  public List<String> logs(int tailLines, Duration since) {
    LogOptions options = LogOptions.all();
    if (tailLines >= 0) {
      options = options.tail(tailLines);
    }
    if (!since.isZero()) {
      options = options.since(Instant.now().minus(since));
    }
    return engine.logs(id, options).lines().stream().map(LogLine::text).toList();
  }

  @Override
  public void stop(Duration grace) {
    if (removed.compareAndSet(false, true)) {
      engine.stop(id, grace);
      engine.remove(id, true, true);
    }
  }

  @Override
  public void close() {
    if (removed.compareAndSet(false, true)) {
      engine.remove(id, true, true);
    }
  }

  @Override
  public String toString() {
    return "container " + id.substring(0, Math.min(12, id.length())) + " at " + host + " " + ports;
  }
}
