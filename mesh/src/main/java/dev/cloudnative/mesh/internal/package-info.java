/**
 * The in-process {@link dev.cloudnative.mesh.ServiceMesh}: per-service and per-subset runtime
 * state, and the call machinery, one step per class (call, route, fault, mirror, attempts, one
 * attempt, outcome, retry decision). Not API.
 */
package dev.cloudnative.mesh.internal;
