package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * One container environment variable: a literal value, or a key of a ConfigMap or Secret resolved
 * by the kubelet when the pod starts. Create with {@link #literal}, {@link #fromConfigMap} or
 * {@link #fromSecret}.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param name the variable name
 * @param source where the value comes from
 * @param value the literal value ({@link Source#LITERAL}), otherwise empty
 * @param sourceName the ConfigMap or Secret name, otherwise empty
 * @param sourceKey the key inside that ConfigMap or Secret, otherwise empty
 */
public record EnvVar(
    String name, Source source, String value, String sourceName, String sourceKey) {

  /** Where an environment variable's value comes from. Immutable enum, thread-safe. */
  public enum Source {
    LITERAL,
    CONFIG_MAP,
    SECRET
  }

  public EnvVar {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    value = Objects.requireNonNullElse(value, "");
    sourceName = Objects.requireNonNullElse(sourceName, "");
    sourceKey = Objects.requireNonNullElse(sourceKey, "");
  }

  public static EnvVar literal(String name, String value) {
    return new EnvVar(name, Source.LITERAL, value, "", "");
  }

  public static EnvVar fromConfigMap(String name, String configMap, String key) {
    return new EnvVar(name, Source.CONFIG_MAP, "", configMap, key);
  }

  public static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVar(name, Source.SECRET, "", secret, key);
  }
}
