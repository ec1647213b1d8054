package dev.cloudnative.security;

import java.time.Duration;
import java.util.Objects;

/**
 * The one range check behind every duration setting of the module's config builders, so that each
 * says the same thing about a value out of range. Stateless and thread-safe.
 */
final class ConfigBounds {
  private ConfigBounds() {}

  /** {@code value} if it lies in {@code min..max}; else what was given and what is allowed. */
  static Duration within(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new InvalidConfigurationException(
          name + " " + value + " is outside " + min + ".." + max);
    }
    return value;
  }
}
