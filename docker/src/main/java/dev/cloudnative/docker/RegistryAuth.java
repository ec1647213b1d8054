package dev.cloudnative.docker;

import dev.cloudnative.docker.internal.Validate;

/**
 * Credentials for one registry.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password.
 *
 * @param serverAddress registry host[:port], e.g. {@code 127.0.0.1:5000} or {@code docker.io}
 */
public record RegistryAuth(String serverAddress, String username, String password) {
  public RegistryAuth {
    Validate.requireText("registry address", serverAddress);
    Validate.requireText("registry username", username);
    Validate.value("registry password", password);
  }

  @Override
  public String toString() {
    return "RegistryAuth[serverAddress="
        + serverAddress
        + ", username="
        + username
        + ", password=***]";
  }
}
