package dev.cloudnative.storage;

import java.util.List;

/**
 * Fewer replicas than the requested consistency level answered before the call's deadline. The
 * write may still have reached some replicas (it was not acknowledged, so the client must treat it
 * as unknown, as in Dynamo); {@link #failures()} lists every replica that failed and why.
 * Immutable.
 */
public class QuorumNotReachedException extends StorageException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final int required;
  private final int acknowledged;
  private final transient List<ReplicaFailure> failures;

  public QuorumNotReachedException(
      String operation, String key, int required, int acknowledged, List<ReplicaFailure> failures) {
    super(
        operation
            + " of key '"
            + key
            + "' needed "
            + required
            + " replica acknowledgements but got "
            + acknowledged
            + "; failed replicas: "
            + failures);
    this.operation = operation;
    this.required = required;
    this.acknowledged = acknowledged;
    this.failures = List.copyOf(failures);
  }

  /** "write" or "read". */
  public String operation() {
    return operation;
  }

  /** Acknowledgements the consistency level required. */
  public int required() {
    return required;
  }

  /** Acknowledgements actually received before the deadline. */
  public int acknowledged() {
    return acknowledged;
  }

  /** Every replica that failed, with the reason. */
  public List<ReplicaFailure> failures() {
    return failures;
  }
}
