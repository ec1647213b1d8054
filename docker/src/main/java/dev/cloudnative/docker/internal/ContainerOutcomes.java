package dev.cloudnative.docker.internal;

import dev.cloudnative.docker.BuildFailedException;
import dev.cloudnative.docker.ConflictException;
import dev.cloudnative.docker.ContainerNotFoundException;
import dev.cloudnative.docker.ContainerNotReadyException;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.DockerTimeoutException;
import dev.cloudnative.docker.EngineUnreachableException;
import dev.cloudnative.docker.ImageNotFoundException;
import dev.cloudnative.docker.InvalidSpecException;
import dev.cloudnative.docker.RegistryException;

/**
 * The {@code outcome} tag of a failed container operation: the failure kind the module's exception
 * names, lowercased. A fixed set, so the tag stays low-cardinality whatever is thrown.
 *
 * <p>Stateless and thread-safe. Not API.
 */
public final class ContainerOutcomes {
  /** The outcome of a call that returned normally. */
  public static final String SUCCESS = "success";

  private ContainerOutcomes() {}

  /**
   * {@code image_not_found}, {@code container_not_found}, {@code container_not_ready}, {@code
   * build_failed}, {@code conflict}, {@code timeout}, {@code engine_unreachable}, {@code registry},
   * {@code invalid_spec}, {@code invalid_argument}, {@code illegal_state} (a call after close), or
   * {@code failure} for any other error.
   */
  public static String of(Throwable error) {
    // Subclasses before their parents: the most specific kind names the failure.
    if (error instanceof ImageNotFoundException) {
      return "image_not_found";
    } else if (error instanceof ContainerNotFoundException) {
      return "container_not_found";
    } else if (error instanceof ContainerNotReadyException) {
      return "container_not_ready";
    } else if (error instanceof BuildFailedException) {
      return "build_failed";
    } else if (error instanceof ConflictException) {
      return "conflict";
    } else if (error instanceof DockerTimeoutException) {
      return "timeout";
    } else if (error instanceof EngineUnreachableException) {
      return "engine_unreachable";
    } else if (error instanceof RegistryException) {
      return "registry";
    } else if (error instanceof DockerException) {
      return "failure";
    } else if (error instanceof InvalidSpecException) {
      return "invalid_spec";
    } else if (error instanceof IllegalArgumentException || error instanceof NullPointerException) {
      return "invalid_argument";
    } else if (error instanceof IllegalStateException) {
      // In practice the "is closed" guard: a call on a closed session.
      return "illegal_state";
    }
    return "failure";
  }
}
