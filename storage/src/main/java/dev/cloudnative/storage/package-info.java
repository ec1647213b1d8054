/**
 * A Dynamo-style replicated key-value store: {@link dev.cloudnative.storage.KeyValueStore} values
 * are versioned with a hybrid logical clock, placed by a pluggable consistent-hash {@link
 * dev.cloudnative.storage.NodeLocator} and replicated to {@link
 * dev.cloudnative.storage.StorageNode}s (in-memory, file-backed or Redis) with per-call {@link
 * dev.cloudnative.storage.Consistency}.
 */
package dev.cloudnative.storage;
