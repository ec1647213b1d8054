package dev.cloudnative.docker.internal;

import java.util.Locale;

/**
 * The {@code ContainerEngine} calls that are timed and traced, one constant per API method; {@link
 * #tagValue()} is the {@code operation} tag and the suffix of the observation name.
 *
 * <p>Immutable enum, thread-safe. Not API.
 */
public enum ContainerOperation {
  PING,
  BUILD,
  TAG,
  PUSH,
  PULL,
  INSPECT_IMAGE,
  FIND_IMAGE,
  LIST_IMAGES,
  REMOVE_IMAGE,
  CREATE,
  START,
  STOP,
  KILL,
  RESTART,
  REMOVE,
  INSPECT,
  LIST,
  WAIT,
  WAIT_UNTIL_READY,
  LOGS,
  FOLLOW_LOGS,
  EXEC,
  REMOVE_SESSION_RESOURCES;

  private final String tagValue = name().toLowerCase(Locale.ROOT);
  private final String observationName = "containers." + tagValue;

  /** The lowercase value of the {@code operation} tag, e.g. {@code inspect_image}. */
  public String tagValue() {
    return tagValue;
  }

  /** The name of this operation's observation, e.g. {@code containers.pull}. */
  public String observationName() {
    return observationName;
  }
}
