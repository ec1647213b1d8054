package dev.cloudnative.kubernetes;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One observation of a Job: its desired completions and the controller's counters and conditions,
 * judged by {@link #verdict()}.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the Job's namespace
 * @param name the Job's name
 * @param completions {@code spec.completions}: successful pods needed (1 when absent, the API
 *     server's default)
 * @param parallelism {@code spec.parallelism}: pods run at once at most
 * @param backoffLimit {@code spec.backoffLimit}: failed pods tolerated before the Job fails
 * @param active pods running or pending ({@code status.active})
 * @param succeeded pods that exited 0 ({@code status.succeeded})
 * @param failed pods that failed ({@code status.failed})
 * @param startTime when the controller started the Job, absent before
 * @param completionTime when it completed, absent unless complete
 * @param conditions {@code status.conditions} in the controller's order
 */
public record JobStatus(
    String namespace,
    String name,
    int completions,
    int parallelism,
    int backoffLimit,
    int active,
    int succeeded,
    int failed,
    Optional<Instant> startTime,
    Optional<Instant> completionTime,
    List<JobCondition> conditions) {

  public JobStatus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(completionTime, "completionTime");
    conditions = List.copyOf(Objects.requireNonNull(conditions, "conditions"));
  }

  /** The first condition of {@code type}. */
  public Optional<JobCondition> condition(String type) {
    Objects.requireNonNull(type, "type");
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /**
   * The verdict of a Job wait on this status, the rule of {@code kubectl wait
   * --for=condition=Complete} and Pulumi's Job await (pulumi-kubernetes: a Job is ready when its
   * {@code Complete} condition is {@code True} and has failed when its {@code Failed} condition
   * is), checked in this order:
   *
   * <ol>
   *   <li>a {@code Failed} condition with status {@code True}: failed, with its reason (such as
   *       {@code BackoffLimitExceeded} or {@code DeadlineExceeded}) and message; the controller
   *       runs no more pods, so waiting longer cannot help;
   *   <li>a {@code Complete} condition with status {@code True}: done;
   *   <li>otherwise waiting, "condition Complete=True not yet set", with the counters.
   * </ol>
   *
   * <p>The counters never decide on their own: {@code succeeded == completions} is only done once
   * the controller says so, since pods may still be terminating or the success policy pending.
   */
  public JobVerdict verdict() {
    String id = "job \"" + namespace + "/" + name + "\"";
    Optional<JobCondition> failedCondition =
        conditions.stream()
            .filter(c -> c.type().equals(JobCondition.FAILED) && c.isTrue())
            .findFirst();
    if (failedCondition.isPresent()) {
      JobCondition c = failedCondition.get();
      return new JobVerdict(
          JobVerdict.State.FAILED,
          id
              + " failed"
              + (c.reason().isEmpty() ? "" : ": " + c.reason())
              + (c.message().isEmpty() ? "" : " (" + c.message() + ")"));
    }
    boolean complete =
        conditions.stream().anyMatch(c -> c.type().equals(JobCondition.COMPLETE) && c.isTrue());
    if (complete) {
      return new JobVerdict(JobVerdict.State.DONE, id + " completed");
    }
    return new JobVerdict(
        JobVerdict.State.WAITING,
        "Waiting for "
            + id
            + " to complete: condition Complete=True not yet set ("
            + succeeded
            + " of "
            + completions
            + " succeeded, "
            + active
            + " active, "
            + failed
            + " failed, backoffLimit "
            + backoffLimit
            + ")");
  }

  /** True when the Job completed: {@code verdict().done()}. */
  public boolean complete() {
    return verdict().done();
  }

  /** The line for this status: {@code verdict().message()}. */
  public String describe() {
    return verdict().message();
  }
}
