package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointCall;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.Mirror;
import dev.cloudnative.mesh.NoHealthyEndpointException;
import dev.cloudnative.mesh.RetryPolicy;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a copy of a call to an endpoint of a route's mirror subset on a worker thread (Istio's
 * {@code mirror}, fire-and-forget). Nothing of it reaches the caller: an unavailable mirror subset
 * or a failing copy is only logged (at debug) and recorded for the endpoint, so that the mirror's
 * breakers and outlier detection still learn from it. A copy is one attempt, never retried, and
 * bounded only by the per-try timeout. Thread-safe (stateless apart from its collaborators).
 */
final class MirrorSender {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorSender.class);

  private final MeshClock clock;
  private final Workers workers;

  MirrorSender(MeshClock clock, Workers workers) {
    this.clock = clock;
    this.workers = workers;
  }

  <T> void send(
      ServiceRuntime svc,
      Mirror mirror,
      MeshRequest request,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf) {
    SubsetRuntime target = svc.subset(mirror.subset());
    if (target == null) {
      LOG.debug(
          "Mirror subset {} of service {} does not exist; copy dropped", mirror.subset(), svc.name);
      return;
    }
    EndpointRuntime ep;
    try {
      ep = target.choose(request, clock.nanoTime(), null, 0);
    } catch (NoHealthyEndpointException e) {
      LOG.debug("No endpoint for the mirror copy of a call to {}: {}", svc.name, e.getMessage());
      return;
    }
    Endpoint endpoint = ep.endpoint;
    RetryPolicy retry = svc.policy.retry();
    ep.inFlight.increment();
    Runnable copy =
        () -> {
          long t0 = clock.nanoTime();
          boolean failed;
          int status = 0;
          try {
            T result =
                endpointCall != null
                    ? endpointCall.call(endpoint, retry.perTryTimeout())
                    : function.apply(endpoint);
            status = statusOf.applyAsInt(result);
            failed = OutcomeRecorder.isFailureStatus(status);
          } catch (Exception e) {
            if (OutcomeRecorder.isRefusal(e)) {
              ep.breaker.releasePermission();
              LOG.debug(
                  "Mirror copy of a call to {} refused for {}: {}",
                  svc.name,
                  endpoint.id(),
                  e.getMessage());
              return;
            }
            LOG.debug("Mirror copy of a call to {} failed on {}", svc.name, endpoint.id(), e);
            failed = true;
          } finally {
            ep.inFlight.decrement();
          }
          long t1 = clock.nanoTime();
          OutcomeRecorder.record(svc, ep, failed, status, t1 - t0, t1);
        };
    try {
      workers.get().execute(copy);
    } catch (RuntimeException e) {
      // Closed mesh or exhausted threads: the copy is dropped, its admission undone.
      ep.inFlight.decrement();
      ep.breaker.releasePermission();
      LOG.debug("Mirror copy of a call to {} dropped: {}", svc.name, e.toString());
    }
  }
}
