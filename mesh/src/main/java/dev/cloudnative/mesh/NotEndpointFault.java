package dev.cloudnative.mesh;

/**
 * Marks an unchecked exception thrown by an attempt as saying nothing about the endpoint's health:
 * the transport refused the attempt before sending anything, for a reason no other endpoint or
 * later retry would change (for example {@link SimulatedEndpointException}). The mesh passes such
 * an exception to the caller unchanged: it is not retried, not wrapped in {@link
 * UpstreamCallException}, and not recorded against the endpoint or the service — the
 * circuit-breaker permissions taken for the attempt are given back, outlier detection and
 * statistics never see it.
 *
 * <p>Only {@link RuntimeException}s are passed through: a checked exception that implements this
 * interface is treated like any other failure, because the mesh could not rethrow it unchanged. A
 * transport that implements this on an exception thrown after bytes went out would hide real
 * endpoint failures from circuit breaking; don't.
 *
 * <p>A marker without state; implementations are as thread-safe as the exceptions that carry it
 * (immutable ones are).
 */
public interface NotEndpointFault {}
