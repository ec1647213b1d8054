/**
 * A client-side (proxyless) service mesh for Java services: a registry of services, subsets and
 * endpoints, Istio-style routing rules, load-balancing policies, per-endpoint circuit breakers,
 * outlier detection, retries with budgets, statistics, and an HTTP client that resolves {@code
 * http://<service>/path} through it.
 *
 * <p>Entry point: {@link dev.cloudnative.mesh.ServiceMesh#builder()}. Public API types live in this
 * package; implementations live in the sub-packages.
 */
package dev.cloudnative.mesh;
