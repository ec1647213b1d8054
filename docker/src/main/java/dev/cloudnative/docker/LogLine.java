package dev.cloudnative.docker;

/**
 * One complete line of container output, without its line terminator.
 *
 * <p>Immutable and thread-safe.
 */
public record LogLine(LogStream stream, String text) {}
