package dev.cloudnative.storage;

import java.util.Locale;

/** Why a coordinator started recovering a node ({@link RecoveryProgress#reason()}). Immutable. */
public enum RecoveryReason {
  /** The node's data holds no incarnation marker: it restarted empty or is a new, empty node. */
  MISSING_MARKER,
  /** The marker carries another token or node id than last seen: the node was replaced. */
  CHANGED_INCARNATION,
  /** The marker says a previous recovery did not finish ({@link Incarnation#ready()} false). */
  INTERRUPTED;

  /** The lowercase meter tag value ({@code missing_marker}, ...). */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
