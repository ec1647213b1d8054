package dev.cloudnative.mesh;

import dev.cloudnative.mesh.event.MeshEventListener;
import dev.cloudnative.mesh.internal.InProcessServiceMesh;
import dev.cloudnative.mesh.registry.InMemoryEndpointRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A client-side service mesh embedded in the calling process: it resolves a logical service to an
 * endpoint through the service's route table and load-balancing policy, skips endpoints whose
 * circuit is open or that are ejected, enforces concurrency limits, retries failed attempts on
 * other endpoints within a budget and a deadline, and records every outcome in circuit breakers,
 * outlier detection and statistics.
 *
 * <pre>{@code
 * ServiceMesh mesh = ServiceMesh.builder().build();
 * mesh.registry().register("reviews", "v1", Endpoint.of("10.0.0.1", 8080));
 * String body = mesh.call("reviews", MeshRequest.empty(), endpoint -> fetch(endpoint));
 * }</pre>
 *
 * <p>Lifecycle: {@link #close()} is idempotent; after it every other operation throws {@link
 * IllegalStateException} ("service mesh is closed").
 *
 * <p>Implementations are thread-safe. Calls read immutable snapshots lock-free; configuration
 * changes publish new snapshots atomically.
 */
public interface ServiceMesh extends AutoCloseable {

  /**
   * @return a builder of the default, in-process mesh
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The meter registry the mesh records into, for the transports built on it ({@link
   * dev.cloudnative.mesh.http.MeshHttpClient} takes it as its default). Unlike the mesh's other
   * accessors it works after {@link #close()}: it is configuration, not state.
   *
   * @return the registry given to {@link Builder#meterRegistry}; empty when none was, and the mesh
   *     then holds no meters
   */
  default Optional<MeterRegistry> meterRegistry() {
    return Optional.empty();
  }

  /**
   * The observation registry the mesh's {@code mesh.call} and {@code mesh.attempt} observations go
   * to, for the transports built on it ({@link dev.cloudnative.mesh.http.MeshHttpClient} takes it
   * as its default). Works after {@link #close()}.
   *
   * @return the registry given to {@link Builder#observationRegistry}, else {@link
   *     ObservationRegistry#NOOP}
   */
  default ObservationRegistry observationRegistry() {
    return ObservationRegistry.NOOP;
  }

  /**
   * @return the registry of services, subsets and endpoints the mesh routes over
   */
  EndpointRegistry registry();

  /** Installs (or replaces) the route table of {@link RouteTable#service()}. */
  void routes(RouteTable table);

  /**
   * Removes the route table of {@code service}: its calls then spread over all of its endpoints.
   */
  void removeRoutes(String service);

  /**
   * Installs the destination policy of {@code service}; the service's breakers, ejections and
   * counters start afresh.
   */
  void policy(String service, DestinationPolicy policy);

  /**
   * @return the policy in force for {@code service} (the mesh default when none was set)
   */
  DestinationPolicy policy(String service);

  /**
   * Calls {@code service}: any value returned counts as success, any exception as failure. When the
   * policy sets a per-try timeout, attempts run on the mesh's worker threads so that they can be
   * abandoned (and interrupted) when they overrun it. An unchecked exception that is a {@link
   * NotEndpointFault} (such as {@link SimulatedEndpointException}) is thrown to the caller as is,
   * without retry or any record against the endpoint.
   *
   * <p>Every call ends under one {@link StopReason}: each exception below carries it ({@link
   * MeshException#stopReason()}), and {@link ServiceStats#stopReasons()} counts every call of the
   * service, those that returned included.
   *
   * @throws NullPointerException when {@code service}, {@code request} or {@code call} is null
   * @throws NoHealthyEndpointException when no endpoint can take the call
   * @throws UpstreamCallException when the last attempt threw
   * @throws MeshTimeoutException when the last attempt or the whole call timed out
   * @throws CallNotPermittedException when the service circuit breaker is open
   * @throws ConcurrencyLimitExceededException when the subset is at its concurrency limit
   * @throws NoRouteException when the route table has no rule for the request
   * @throws FaultInjectedException when the route's fault aborts the call
   */
  default <T> T call(String service, MeshRequest request, Function<Endpoint, T> call) {
    return call(service, request, call, result -> 0);
  }

  /**
   * Calls {@code service}, classifying results with {@code statusOf}: a status of 500..599 counts
   * as a failure for circuit breaking and outlier detection and is retried as the retry policy
   * says; after the last attempt such a result is returned as is, like a proxy returns the last
   * upstream response.
   */
  <T> T call(
      String service,
      MeshRequest request,
      Function<Endpoint, T> call,
      ToIntFunction<? super T> statusOf);

  /**
   * Like {@link #call(String, MeshRequest, Function, ToIntFunction)} for a transport that enforces
   * timeouts itself.
   */
  <T> T call(
      String service, MeshRequest request, EndpointCall<T> call, ToIntFunction<? super T> statusOf);

  /**
   * @return the circuit breaker of an endpoint of {@code service}, when both exist
   */
  Optional<CircuitBreaker> circuitBreaker(String service, String endpointId);

  /**
   * Tells the mesh that an endpoint of {@code service} asked not to be sent requests for {@code
   * duration}: an HTTP {@code Retry-After} on a 429 or 503 ({@link
   * dev.cloudnative.mesh.http.MeshHttpClient} calls this by itself; another transport calls it from
   * its {@link EndpointCall} or call function). Until then no balancer picks the endpoint, in every
   * subset of the service and even in panic mode, so a retry goes to another endpoint; afterwards
   * it takes traffic again. The back-off is cut to the policy's {@link
   * DestinationPolicy#maxRetryAfter()} and never shortens one already in force; it is runtime state
   * of the service and ends with it (a new policy starts afresh). A subset left with no other
   * endpoint fails calls with {@link NoHealthyEndpointException} ({@code ALL_BACKING_OFF} when
   * every endpoint backs off).
   *
   * @param service the logical service
   * @param endpointId the endpoint's {@link Endpoint#id()}
   * @param duration how long the endpoint asked to be left alone ({@link Duration#ZERO} does
   *     nothing)
   * @return whether {@code service} has such an endpoint (and the back-off was applied)
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code duration} is negative
   */
  boolean backOff(String service, String endpointId, Duration duration);

  /**
   * @return counters of every service
   */
  MeshStats stats();

  /**
   * @return counters of one service
   */
  Optional<ServiceStats> stats(String service);

  /**
   * Detaches the mesh from its registry and stops its worker threads; calls in progress complete.
   * Idempotent. The registry is not closed: it may be shared and is the caller's.
   */
  @Override
  void close();

  /** Builds the in-process {@link ServiceMesh}. Not thread-safe. */
  final class Builder {
    private MeshClock clock = MeshClock.system();
    private EndpointRegistry registry;
    private DestinationPolicy defaultPolicy = DestinationPolicy.ofDefaults();
    private final List<MeshEventListener> listeners = new ArrayList<>();
    private long seed = ThreadLocalRandom.current().nextLong();
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private String zone = "";

    private Builder() {}

    /**
     * @param clock the clock every time-dependent decision reads (tests pass a manual clock)
     */
    public Builder clock(MeshClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param registry the registry to route over (default: a new {@link InMemoryEndpointRegistry})
     */
    public Builder registry(EndpointRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * @param defaultPolicy the policy of services without their own
     */
    public Builder defaultPolicy(DestinationPolicy defaultPolicy) {
      this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
      return this;
    }

    public Builder eventListener(MeshEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @param value seed of the round-robin phases (default random, so separate instances start
     *     apart)
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * @param meterRegistry the registry to record the mesh's meters in (listed in the module
     *     README's "Metrics" table); default none, and then the mesh holds no meters at all
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * @param observationRegistry the registry of the mesh's {@code mesh.call} and {@code
     *     mesh.attempt} observations (spans); default {@link ObservationRegistry#NOOP}, which skips
     *     them
     */
    public Builder observationRegistry(ObservationRegistry observationRegistry) {
      this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
      return this;
    }

    /**
     * @param zone the caller's locality zone (compared with {@link Endpoint#zone()}; default {@code
     *     ""}, unknown), which services with a {@link DestinationPolicy#locality()} prefer
     */
    public Builder zone(String zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    public ServiceMesh build() {
      return new InProcessServiceMesh(
          clock,
          registry == null ? new InMemoryEndpointRegistry() : registry,
          defaultPolicy,
          List.copyOf(listeners),
          seed,
          Optional.ofNullable(meterRegistry),
          observationRegistry,
          zone);
    }
  }
}
