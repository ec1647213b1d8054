package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.AwaitTimeoutException;
import dev.cloudnative.kubernetes.ExecTimeoutException;
import dev.cloudnative.kubernetes.ImagePullException;
import dev.cloudnative.kubernetes.JobTimeoutException;
import dev.cloudnative.kubernetes.KubernetesAlreadyExistsException;
import dev.cloudnative.kubernetes.KubernetesConflictException;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesForbiddenException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.KubernetesUnreachableException;
import dev.cloudnative.kubernetes.PodStartException;
import dev.cloudnative.kubernetes.RolloutTimeoutException;
import dev.cloudnative.kubernetes.StatefulSetTimeoutException;

/**
 * The {@code outcome} tag of a failed Kubernetes operation: the failure kind the module's exception
 * names, lowercased. A fixed set, so the tag stays low-cardinality whatever is thrown.
 *
 * <p>Stateless and thread-safe. Not API.
 */
public final class KubernetesOutcomes {
  /** The outcome of a call that returned normally. */
  public static final String SUCCESS = "success";

  private KubernetesOutcomes() {}

  /**
   * {@code not_found}, {@code already_exists}, {@code conflict}, {@code forbidden}, {@code
   * unreachable}, {@code rollout_timeout}, {@code image_pull}, {@code pod_start}, {@code invalid}
   * (the caller's spec, or the API server's 422), {@code invalid_argument}, {@code illegal_state}
   * (a call after close), {@code job_failed} (a Job wait on a Job whose condition {@code Failed} is
   * true), {@code job_timeout} (a Job wait whose timeout passed), {@code await_timeout} and {@code
   * await_failed} (a readiness wait on a kind other than a workload), {@code exec_timeout} (an exec
   * still running at its timeout), or {@code failure} for any other error.
   */
  public static String of(Throwable error) {
    if (error instanceof KubernetesNotFoundException) {
      return "not_found";
    } else if (error instanceof KubernetesAlreadyExistsException) {
      return "already_exists";
    } else if (error instanceof KubernetesConflictException) {
      return "conflict";
    } else if (error instanceof KubernetesForbiddenException) {
      return "forbidden";
    } else if (error instanceof KubernetesUnreachableException) {
      return "unreachable";
    } else if (error instanceof RolloutTimeoutException) {
      return "rollout_timeout";
    } else if (error instanceof JobTimeoutException j) {
      // a Job the controller marked Failed, or one still running when the caller's timeout passed
      return j.lastStatus() != null && j.lastStatus().verdict().failed()
          ? "job_failed"
          : "job_timeout";
    } else if (error instanceof StatefulSetTimeoutException) {
      return "rollout_timeout";
    } else if (error instanceof AwaitTimeoutException a) {
      // a DaemonSet's is a rollout's; the other kinds' readiness waits are awaits
      if ("DaemonSet".equals(a.kind())) {
        return "rollout_timeout";
      }
      return a.ruleFailed() ? "await_failed" : "await_timeout";
    } else if (error instanceof ExecTimeoutException) {
      return "exec_timeout";
    } else if (error instanceof ImagePullException) {
      return "image_pull";
    } else if (error instanceof PodStartException) {
      return "pod_start";
    } else if (error instanceof KubernetesException) {
      return "failure";
    } else if (error instanceof KubernetesInvalidException) {
      return "invalid";
    } else if (error instanceof IllegalArgumentException || error instanceof NullPointerException) {
      return "invalid_argument";
    } else if (error instanceof IllegalStateException) {
      return "illegal_state";
    }
    return "failure";
  }
}
