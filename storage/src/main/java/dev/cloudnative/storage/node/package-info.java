/**
 * {@link dev.cloudnative.storage.StorageNode} implementations: in-process, file-backed and Redis.
 */
package dev.cloudnative.storage.node;
