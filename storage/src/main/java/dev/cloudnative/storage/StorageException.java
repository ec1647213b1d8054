package dev.cloudnative.storage;

/**
 * Base of every exception the storage module throws. Unchecked; subclasses carry the failing node,
 * key or limit. Immutable, so safe to share between threads.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
