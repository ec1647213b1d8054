package dev.cloudnative.mesh.internal;

import io.micrometer.observation.Observation;

/**
 * The context of a {@code mesh.call} observation. A type of its own so that the step that ends the
 * call (wherever it is) can find the call's observation among the current ones and give it its
 * {@code outcome}. Not thread-safe: it belongs to one call on one thread, as Micrometer's contexts
 * do.
 */
final class MeshCallContext extends Observation.Context {}
