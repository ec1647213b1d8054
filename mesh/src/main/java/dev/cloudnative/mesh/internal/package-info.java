/**
 * The in-process {@link dev.cloudnative.mesh.ServiceMesh}: per-service and per-subset runtime
 * state.
 */
package dev.cloudnative.mesh.internal;
