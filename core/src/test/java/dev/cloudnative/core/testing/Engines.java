package dev.cloudnative.core.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real engines {@code .ci/engines} started: a test that needs one skips with a printed
 * reason when it is absent, and fails instead under {@code CI=true}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Engines {

  private Engines() {}

  /** The value of {@code name}, or a skip (a failure under CI=true) naming what is missing. */
  public static String require(String name, Class<?> test) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      String reason =
          name + " is not set (see README, Tests); .ci/run starts the engines and sets it";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail("CI=true but " + reason);
      }
      System.out.println("SKIPPED " + test.getSimpleName() + ": " + reason);
      Assumptions.abort(reason);
    }
    return value;
  }
}
