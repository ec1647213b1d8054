package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * A {@link PodRuntime} could not start a pod's container. {@link #reason()} is the kubelet's name
 * for why ({@code ErrImagePull}, {@code CreateContainerError}), which the pod then reports.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class PodStartException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  /** The reason for an image that is neither present nor pullable. */
  public static final String ERR_IMAGE_PULL = "ErrImagePull";

  /** The reason for any other failure to create or start the container. */
  public static final String CREATE_CONTAINER_ERROR = "CreateContainerError";

  private final String reason;

  public PodStartException(
      String message, String namespace, String pod, String reason, Throwable cause) {
    super(message, "Pod", namespace, pod, 0, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The kubelet's reason, e.g. {@value #ERR_IMAGE_PULL}. */
  public String reason() {
    return reason;
  }
}
