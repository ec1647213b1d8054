package dev.cloudnative.kubernetes;

/** The lifecycle phase of a pod ({@code status.phase}). Immutable enum, thread-safe. */
public enum PodPhase {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  UNKNOWN;

  /** Parses {@code status.phase}; anything unrecognised or absent is {@link #UNKNOWN}. */
  public static PodPhase fromApiName(String phase) {
    if (phase == null) {
      return UNKNOWN;
    }
    return switch (phase) {
      case "Pending" -> PENDING;
      case "Running" -> RUNNING;
      case "Succeeded" -> SUCCEEDED;
      case "Failed" -> FAILED;
      default -> UNKNOWN;
    };
  }

  public String apiName() {
    String n = name();
    return n.charAt(0) + n.substring(1).toLowerCase();
  }
}
