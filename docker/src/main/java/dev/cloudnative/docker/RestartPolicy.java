package dev.cloudnative.docker;

/**
 * What the engine does when the container's main process exits.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind the policy
 * @param maxRetries only for {@link Kind#ON_FAILURE}; 0 means unlimited
 */
public record RestartPolicy(Kind kind, int maxRetries) {
  /** The engine's restart policies; {@link #apiName()} is the name on the wire. */
  public enum Kind {
    NO("no"),
    ALWAYS("always"),
    ON_FAILURE("on-failure"),
    UNLESS_STOPPED("unless-stopped");

    private final String apiName;

    Kind(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }
  }

  public RestartPolicy {
    java.util.Objects.requireNonNull(kind, "kind");
    if (maxRetries < 0 || (kind != Kind.ON_FAILURE && maxRetries != 0)) {
      throw new InvalidSpecException(
          "restart maxRetries",
          Integer.toString(maxRetries),
          "must be >= 0 and only set for on-failure");
    }
  }

  public static RestartPolicy no() {
    return new RestartPolicy(Kind.NO, 0);
  }

  public static RestartPolicy always() {
    return new RestartPolicy(Kind.ALWAYS, 0);
  }

  public static RestartPolicy unlessStopped() {
    return new RestartPolicy(Kind.UNLESS_STOPPED, 0);
  }

  public static RestartPolicy onFailure(int maxRetries) {
    return new RestartPolicy(Kind.ON_FAILURE, maxRetries);
  }
}
