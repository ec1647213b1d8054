package dev.cloudnative.storage;

/**
 * A contiguous arc of the hash space whose primary owner changed. Bounds are unsigned 64-bit ring
 * positions (Ketama positions are the 32-bit hash shifted left by 32); {@code start} is exclusive
 * and {@code end} inclusive, and an arc may wrap past zero. Immutable.
 *
 * @param start exclusive start position
 * @param end inclusive end position
 * @param from previous owner's id
 * @param to new owner's id
 */
public record MovedRange(long start, long end, String from, String to) {}
