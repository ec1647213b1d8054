package dev.cloudnative.docker;

import dev.cloudnative.docker.internal.Validate;

/**
 * A bind mount of a host path or a named volume into the container. Named volumes the SDK has to
 * create carry the session labels and are removed on {@link ContainerEngine#close()}.
 *
 * <p>Immutable and thread-safe.
 */
public record Mount(Type type, String source, String target, boolean readOnly) {
  /** Kind of mount. */
  public enum Type {
    BIND,
    VOLUME
  }

  public Mount {
    java.util.Objects.requireNonNull(type, "type");
    Validate.requireText("mount source", source);
    Validate.value("mount source", source);
    Validate.requireText("mount target", target);
    Validate.value("mount target", target);
    if (!target.startsWith("/")) {
      throw new InvalidSpecException(
          "mount target", target, "must be an absolute path inside the container");
    }
    if (type == Type.BIND && !source.startsWith("/")) {
      throw new InvalidSpecException("bind source", source, "must be an absolute host path");
    }
    if (type == Type.VOLUME) {
      Validate.name("volume name", source);
    }
  }

  public static Mount bind(String hostPath, String containerPath) {
    return new Mount(Type.BIND, hostPath, containerPath, false);
  }

  public static Mount volume(String volumeName, String containerPath) {
    return new Mount(Type.VOLUME, volumeName, containerPath, false);
  }

  public Mount asReadOnly() {
    return new Mount(type, source, target, true);
  }
}
