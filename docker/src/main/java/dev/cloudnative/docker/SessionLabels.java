package dev.cloudnative.docker;

import java.util.Map;

/**
 * Label keys every container, image and volume created by the SDK carries, so a session can find
 * and remove what it created (from the engine, never from a local map).
 *
 * <p>Constants only; thread-safe.
 */
public final class SessionLabels {
  /** Value is always {@link #MANAGED_BY_VALUE}. */
  public static final String MANAGED_BY = "dev.cloudnative.managed-by";

  public static final String MANAGED_BY_VALUE = "cloudnative-sdk";

  /** Value is the engine session id. */
  public static final String SESSION = "dev.cloudnative.session";

  private SessionLabels() {}

  public static Map<String, String> forSession(String sessionId) {
    return Map.of(MANAGED_BY, MANAGED_BY_VALUE, SESSION, sessionId);
  }
}
