package dev.cloudnative.kubernetes;

import java.util.Set;

/**
 * A rollout failed because a pod of the current revision cannot get its image: the image does not
 * exist, its registry refused or could not be reached, or its reference is invalid. Thrown by
 * {@link Cluster#awaitRollout} as soon as such a pod reports it, instead of waiting for the
 * timeout, on every implementation.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class ImagePullException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  /** The pod reasons that mean the image cannot be pulled. */
  public static final Set<String> REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");

  private final String image;
  private final String pod;
  private final String reason;
  private final transient RolloutStatus status;

  public ImagePullException(
      String namespace,
      String deployment,
      String pod,
      String image,
      String reason,
      RolloutStatus status) {
    super(
        "rollout of deployment \""
            + namespace
            + "/"
            + deployment
            + "\" failed: pod "
            + pod
            + " cannot pull image "
            + image
            + " ("
            + reason
            + "); build or push the image, or fix the reference; last status: "
            + status.describe(),
        "Deployment",
        namespace,
        deployment,
        0,
        null);
    this.image = image;
    this.pod = pod;
    this.reason = reason;
    this.status = status;
  }

  /** The image that cannot be pulled. */
  public String image() {
    return image;
  }

  /** The pod that reported it. */
  public String pod() {
    return pod;
  }

  /**
   * The pod's reason: {@code ErrImagePull}, {@code ImagePullBackOff} or {@code InvalidImageName}.
   */
  public String reason() {
    return reason;
  }

  /** The rollout status when the failure was seen. */
  public RolloutStatus status() {
    return status;
  }
}
