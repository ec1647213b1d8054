package dev.cloudnative.docker.wait;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerInfo;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.ExecResult;
import dev.cloudnative.docker.WaitStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ready when the engine reports {@code healthy}. With the exec fallback, while the engine reports
 * {@code starting} or no status at all (Podman runs health checks from systemd timers, so without
 * systemd they never run), the check command is run through exec and an exit code of 0 counts as
 * healthy. The command is either given explicitly or taken from the image's HEALTHCHECK ({@code
 * CMD} args as-is; {@code CMD-SHELL} is the image author's own shell string and runs as {@code
 * /bin/sh -c}, exactly as the engine itself would run it).
 *
 * <p>Immutable and thread-safe.
 */
public final class HealthWait implements WaitStrategy {
  private final boolean execFallback;
  private final List<String> command;
  private final Duration timeout;

  public HealthWait(boolean execFallback, List<String> command, Duration timeout) {
    this.execFallback = execFallback;
    this.command = List.copyOf(command);
    this.timeout = Polling.requirePositive(timeout);
  }

  @Override
  public void waitUntilReady(ContainerEngine engine, String container, Instant deadline) {
    Polling.until(
        engine,
        container,
        deadline,
        "health check",
        () -> {
          ContainerInfo info = engine.inspect(container);
          Optional<String> health = info.health();
          if (health.isPresent() && health.get().equals("healthy")) {
            return Optional.empty();
          }
          if (health.isPresent() && health.get().equals("unhealthy")) {
            throw Polling.notReady(engine, container, "container reported unhealthy", null);
          }
          List<String> check = command.isEmpty() ? execForm(info.healthCheck()) : command;
          if (!execFallback) {
            if (health.isEmpty()) {
              throw Polling.notReady(
                  engine,
                  container,
                  "the image defines no HEALTHCHECK (engine reports no health status); use an exec"
                      + " fallback",
                  null);
            }
            return Optional.of("engine reports " + health.get());
          }
          if (check.isEmpty()) {
            throw Polling.notReady(
                engine, container, "no HEALTHCHECK in the image and no exec command given", null);
          }
          try {
            ExecResult r = engine.exec(container, check, Duration.ofSeconds(30));
            return r.exitCode() == 0
                ? Optional.empty()
                : Optional.of(
                    "check " + check + " exited " + r.exitCode() + " " + r.stderr().strip());
          } catch (DockerException e) {
            return Optional.of("check " + check + " failed: " + e.getMessage());
          }
        });
  }

  static List<String> execForm(List<String> test) {
    if (test.isEmpty() || test.get(0).equals("NONE")) {
      return List.of();
    }
    if (test.get(0).equals("CMD")) {
      return test.subList(1, test.size());
    }
    if (test.get(0).equals("CMD-SHELL") && test.size() == 2) {
      return List.of("/bin/sh", "-c", test.get(1));
    }
    return test;
  }

  @Override
  public Duration startupTimeout() {
    return timeout;
  }

  @Override
  public WaitStrategy withStartupTimeout(Duration timeout) {
    return new HealthWait(execFallback, command, timeout);
  }

  @Override
  public String toString() {
    return "health" + (execFallback ? " (exec fallback " + command + ")" : "");
  }
}
