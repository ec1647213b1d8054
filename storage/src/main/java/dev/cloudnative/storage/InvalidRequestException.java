package dev.cloudnative.storage;

/**
 * A key, value or configuration was rejected at the boundary (empty or oversize key or value,
 * replication factor larger than the node count, a quorum impossible for the replication factor).
 * The message says what was wrong, the value found and what is allowed; a {@code null} where a
 * value is required is a {@link NullPointerException} naming the parameter instead.
 *
 * <p>It is an {@link IllegalArgumentException}, not a {@link StorageException}: bad input is a
 * programming error of the caller, while {@code catch (StorageException e)} is for operational
 * failures (a node unavailable, a quorum not reached) and must not swallow it.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class InvalidRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }
}
