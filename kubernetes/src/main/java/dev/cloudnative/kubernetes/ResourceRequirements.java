package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.Objects;

/**
 * CPU and memory requests (what the scheduler reserves) and limits (what the container may use), as
 * Kubernetes quantities such as {@code 250m} or {@code 128Mi}; an empty string means "not set".
 * Start with {@link #requests(String, String)} or {@link #none()} and chain {@link #limits(String,
 * String)}.
 *
 * <p>Immutable and therefore thread-safe.
 */
public record ResourceRequirements(
    String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {

  public ResourceRequirements {
    cpuRequest = check("resources.requests.cpu", cpuRequest);
    memoryRequest = check("resources.requests.memory", memoryRequest);
    cpuLimit = check("resources.limits.cpu", cpuLimit);
    memoryLimit = check("resources.limits.memory", memoryLimit);
  }

  private static String check(String field, String q) {
    String v = Objects.requireNonNullElse(q, "");
    return v.isEmpty() ? v : Validation.quantity("Container", "", "", field, v);
  }

  public static ResourceRequirements none() {
    return new ResourceRequirements("", "", "", "");
  }

  public static ResourceRequirements requests(String cpu, String memory) {
    return new ResourceRequirements(cpu, memory, "", "");
  }

  public ResourceRequirements limits(String cpu, String memory) {
    return new ResourceRequirements(cpuRequest, memoryRequest, cpu, memory);
  }

  public boolean isEmpty() {
    return cpuRequest.isEmpty()
        && memoryRequest.isEmpty()
        && cpuLimit.isEmpty()
        && memoryLimit.isEmpty();
  }
}
