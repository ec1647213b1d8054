package dev.cloudnative.docker.inmemory;

import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ContainerState;
import dev.cloudnative.docker.LogLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One container's mutable state. Every field is guarded by the record's own monitor, which is also
 * notified on each new log line and state change so waiters and followers wake up.
 *
 * <p>Thread-safe through its monitor.
 */
final class ContainerRecord {
  /** A log line with its arrival time, for {@code since}. */
  record Entry(LogLine line, Instant at) {}

  final String id;
  final String name;
  final ContainerSpec spec;
  final ImageRecord image;
  final Map<String, String> labels;
  final Map<String, byte[]> files; // copy-on-create of the image files (guarded by this)
  final List<Entry> logs = new ArrayList<>();
  ContainerState state = ContainerState.CREATED;
  Integer exitCode;
  Map<Integer, Integer> hostPorts = Map.of();
  Thread main;
  long generation; // bumps on every start; output of an older generation (a killed thread) is
  // dropped
  boolean stopRequested;
  boolean stoppedByUser;
  int restarts;
  boolean removed;

  ContainerRecord(
      String id,
      String name,
      ContainerSpec spec,
      ImageRecord image,
      Map<String, String> labels,
      Map<String, byte[]> files) {
    this.id = id;
    this.name = name;
    this.spec = spec;
    this.image = image;
    this.labels = labels;
    this.files = files;
  }
}
