package dev.cloudnative.docker;

/** Which output stream a log line came from. Immutable and thread-safe. */
public enum LogStream {
  STDOUT,
  STDERR
}
