package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.StopReason;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * The mesh's observations (spans): {@code mesh.call} around each logical call and, inside it, one
 * {@code mesh.attempt} per attempt, whose scope the attempt runs in (so that a transport's own
 * observation, such as {@code MeshHttpClient}'s, is its child). Their low-cardinality key values
 * are the meter tags ({@code service}, {@code subset}, {@code endpoint}, {@code outcome}); the
 * attempt number is a high-cardinality one. When the registry is a no-op, callers skip all of this
 * after one {@link #enabled()} branch. The observations record no meters: the mesh records its own.
 * Thread-safe (the registry is).
 */
final class MeshObservations {

  static final String CALL = "mesh.call";
  static final String ATTEMPT = "mesh.attempt";

  private final ObservationRegistry registry;
  private final boolean enabled;

  MeshObservations(ObservationRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.enabled = !registry.isNoop();
  }

  boolean enabled() {
    return enabled;
  }

  /** Starts the observation of a call; the caller opens its scope and stops it. */
  Observation startCall(String service) {
    return Observation.createNotStarted(CALL, MeshCallContext::new, registry)
        .contextualName(CALL + " " + service)
        .lowCardinalityKeyValue("service", service)
        .start();
  }

  /**
   * Gives the current call's observation its outcome; called by the step that ends the call, on the
   * call's thread, while the call's scope is open.
   */
  void stopped(StopReason reason) {
    Observation current = registry.getCurrentObservation();
    if (current != null && current.getContext() instanceof MeshCallContext) {
      current
          .getContext()
          .addLowCardinalityKeyValue(KeyValue.of("outcome", ServiceMeters.outcome(reason)));
    }
  }

  /** Starts the observation of one attempt, a child of the current call's. */
  Observation startAttempt(String service, String subset, Endpoint endpoint, int attempt) {
    return Observation.createNotStarted(ATTEMPT, registry)
        .contextualName(ATTEMPT + " " + service)
        .lowCardinalityKeyValue("service", service)
        .lowCardinalityKeyValue("subset", subset)
        .lowCardinalityKeyValue("endpoint", MeshMeters.endpointTag(endpoint))
        .highCardinalityKeyValue("attempt", Integer.toString(attempt))
        .start();
  }

  /**
   * Ends an attempt's observation.
   *
   * @param outcome the attempt's outcome tag ({@link AttemptOutcome#tag}, or {@code refused} /
   *     {@code unknown} when the attempt has no outcome)
   * @param failure what the attempt threw, recorded as the observation's error; {@code null} for
   *     none
   */
  static void endAttempt(Observation attempt, String outcome, Throwable failure) {
    attempt.lowCardinalityKeyValue("outcome", outcome);
    if (failure != null) {
      attempt.error(failure);
    }
    attempt.stop();
  }
}
