package dev.cloudnative.mesh;

/**
 * A source of endpoints that pushes membership into an {@link EndpointSink} (core wires Kubernetes
 * endpoints through this). Implementations decide their own threading; they must call the sink from
 * one thread at a time per service.
 */
@FunctionalInterface
public interface EndpointFeed {

  /**
   * Starts pushing into {@code sink}.
   *
   * @return a handle whose {@code close()} stops the feed
   */
  AutoCloseable start(EndpointSink sink);
}
