package dev.cloudnative.storage;

/**
 * Outcome of an anti-entropy pass: entries scanned across all reachable nodes and replica copies
 * that were stale or missing and got updated. Immutable.
 *
 * @param entriesScanned entries visited on all nodes
 * @param replicasUpdated replica writes that were newer than what the replica held
 */
public record RepairReport(long entriesScanned, long replicasUpdated) {}
