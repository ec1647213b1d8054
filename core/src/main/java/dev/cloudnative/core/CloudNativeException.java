package dev.cloudnative.core;

/**
 * Base of the exceptions raised by the facade's own workflows; module exceptions (docker,
 * kubernetes, mesh, pipeline, storage, security) pass through unchanged or as the cause.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public class CloudNativeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CloudNativeException(String message) {
    super(message);
  }

  public CloudNativeException(String message, Throwable cause) {
    super(message, cause);
  }
}
