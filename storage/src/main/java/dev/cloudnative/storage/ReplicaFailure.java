package dev.cloudnative.storage;

/**
 * Why one replica did not acknowledge a read or write: the node id and a human-readable reason (the
 * exception message, "timed out after 200 ms", "marked down by health probing"). Immutable.
 *
 * @param nodeId the replica's node id
 * @param reason why it failed
 */
public record ReplicaFailure(String nodeId, String reason) {}
