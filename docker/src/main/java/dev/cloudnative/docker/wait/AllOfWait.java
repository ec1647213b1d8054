package dev.cloudnative.docker.wait;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.InvalidSpecException;
import dev.cloudnative.docker.WaitStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Ready when every member is ready; members run in order against one shared deadline.
 *
 * <p>Immutable and thread-safe.
 */
public final class AllOfWait implements WaitStrategy {
  private final List<WaitStrategy> members;
  private final Duration timeout;

  public AllOfWait(List<WaitStrategy> members, Duration timeout) {
    java.util.Objects.requireNonNull(members, "members");
    if (members.isEmpty()) {
      throw new InvalidSpecException("allOf", "[]", "needs at least one strategy");
    }
    this.members = List.copyOf(members);
    this.timeout =
        timeout != null
            ? Polling.requirePositive(timeout)
            : members.stream()
                .map(WaitStrategy::startupTimeout)
                .max(Duration::compareTo)
                .orElseThrow();
  }

  @Override
  public void waitUntilReady(ContainerEngine engine, String container, Instant deadline) {
    for (WaitStrategy w : members) {
      w.waitUntilReady(engine, container, deadline);
    }
  }

  @Override
  public Duration startupTimeout() {
    return timeout;
  }

  @Override
  public WaitStrategy withStartupTimeout(Duration timeout) {
    return new AllOfWait(members, timeout);
  }

  @Override
  public String toString() {
    return "allOf" + members;
  }
}
