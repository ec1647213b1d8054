package dev.cloudnative.kubernetes.internal;

import java.util.Locale;

/**
 * The {@code Cluster} calls that are timed and traced; {@link #tagValue()} is the {@code operation}
 * tag and the suffix of the observation name. The resource kind is a tag of its own, so {@code get}
 * covers {@code deployment(...)}, {@code service(...)}, {@code configMap(...)} and the rest.
 *
 * <p>Immutable enum, thread-safe. Not API.
 */
public enum KubernetesOperation {
  ENSURE,
  GET,
  LIST,
  APPLY,
  APPLY_YAML,
  SCALE,
  UPDATE_IMAGE,
  RESTART,
  ROLLBACK,
  ROLLOUT_STATUS,
  ROLLOUT_WAIT,
  /** Waiting for a workload other than a Deployment (a Job) to reach its kind's done rule. */
  AWAIT,
  LOGS,
  FOLLOW_LOGS,
  /** Running a command in a pod's container. */
  EXEC,
  /** Opening a port-forward to a pod. */
  PORT_FORWARD,
  WATCH,
  DELETE,
  DELETE_BY_LABEL,
  /** Planning what applying specs would change ({@code plan}). */
  PLAN,
  /** Comparing live objects with what the SDK last applied ({@code drift}). */
  DRIFT;

  private final String tagValue = name().toLowerCase(Locale.ROOT);
  private final String observationName = "kubernetes." + tagValue;

  /** The lowercase value of the {@code operation} tag, e.g. {@code rollout_wait}. */
  public String tagValue() {
    return tagValue;
  }

  /** The name of this operation's observation, e.g. {@code kubernetes.apply}. */
  public String observationName() {
    return observationName;
  }
}
