package dev.cloudnative.storage;

/**
 * A key, value or configuration was rejected at the boundary (null or empty key, oversize key or
 * value, replication factor larger than the node count, a quorum impossible for the replication
 * factor). The message says what was wrong, the value found and what is allowed. Immutable.
 */
public class InvalidRequestException extends StorageException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }
}
