package dev.cloudnative.docker;

import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Reads engine endpoints from the environment: absent means skip (printed), except under CI=true
 * where it fails.
 */
public final class EngineEnv {
  private EngineEnv() {}

  public static String require(String variable) {
    String value = System.getenv(variable);
    if (value != null && !value.isBlank()) {
      return value;
    }
    String reason =
        variable + " is not set; start the engines with .ci/engines and export their variables";
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail("CI=true but " + reason);
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
    throw new IllegalStateException("unreachable");
  }

  public static Optional<String> optional(String variable) {
    return Optional.ofNullable(System.getenv(variable)).filter(s -> !s.isBlank());
  }
}
