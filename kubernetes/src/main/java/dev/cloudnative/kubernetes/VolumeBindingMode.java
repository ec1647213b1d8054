package dev.cloudnative.kubernetes;

/**
 * When a StorageClass binds a PersistentVolumeClaim ({@code volumeBindingMode}). Immutable enum,
 * thread-safe.
 */
public enum VolumeBindingMode {
  /** A volume is provisioned and bound as soon as the claim is created (the default). */
  IMMEDIATE("Immediate"),
  /** Binding waits until a pod using the claim is scheduled: the claim stays Pending until then. */
  WAIT_FOR_FIRST_CONSUMER("WaitForFirstConsumer");

  private final String apiName;

  VolumeBindingMode(String apiName) {
    this.apiName = apiName;
  }

  /** The field as the API spells it. */
  public String apiName() {
    return apiName;
  }

  /** The mode of the API spelling; {@link #IMMEDIATE} for {@code null} (the API's default). */
  public static VolumeBindingMode fromApiName(String name) {
    if (name == null) {
      return IMMEDIATE;
    }
    for (VolumeBindingMode m : values()) {
      if (m.apiName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown volumeBindingMode '" + name + "'; known: Immediate, WaitForFirstConsumer");
  }
}
