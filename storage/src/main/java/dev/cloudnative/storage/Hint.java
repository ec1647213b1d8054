package dev.cloudnative.storage;

/**
 * A write held by one node on behalf of a replica that was down (hinted handoff). Immutable as long
 * as the key array is not modified.
 *
 * @param target node id the write belongs to
 * @param key the key bytes
 * @param value the versioned value to deliver
 */
public record Hint(String target, byte[] key, VersionedValue value) {}
