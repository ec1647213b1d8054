package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.JobSpec;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plays the Job controller and kubelet against the CRUD mock, which has neither. Once it sees the
 * Job it first writes a status with one active pod, then, by the image's tag: {@code ok} creates
 * {@code completions} Succeeded pods and writes {@code Complete=True}; {@code fail} creates {@code
 * backoffLimit + 1} Failed pods and writes {@code Failed=True} ({@code BackoffLimitExceeded});
 * {@code endless} keeps the pod active, or writes {@code Failed=True} ({@code DeadlineExceeded})
 * when the Job has an active deadline. Statuses go through the status subresource, as the real
 * controller writes them.
 */
final class FakeJobController implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  FakeJobController(KubernetesClient client, String namespace, String name) {
    thread =
        new Thread(
            () -> {
              boolean done = false;
              while (running && !done) {
                try {
                  Job j = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
                  if (j != null) {
                    done = play(client, j);
                  }
                } catch (KubernetesClientException e) {
                  // a concurrent writer changed the object; read it again
                }
                pause();
              }
            },
            "fake-job-controller");
    thread.setDaemon(true);
    thread.start();
  }

  private boolean play(KubernetesClient client, Job j) {
    String image = j.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    String start = Instant.now().toString();
    write(client, j, new JobStatusBuilder().withStartTime(start).withActive(1).build());
    pause();
    int completions = j.getSpec().getCompletions() == null ? 1 : j.getSpec().getCompletions();
    int backoffLimit = j.getSpec().getBackoffLimit() == null ? 6 : j.getSpec().getBackoffLimit();
    if (image.endsWith(":ok")) {
      for (int i = 0; i < completions; i++) {
        pod(client, j, i, "Succeeded");
      }
      write(
          client,
          j,
          new JobStatusBuilder()
              .withStartTime(start)
              .withCompletionTime(Instant.now().toString())
              .withSucceeded(completions)
              .addNewCondition()
              .withType("Complete")
              .withStatus("True")
              .withReason("CompletionsReached")
              .withMessage("Reached expected number of succeeded pods")
              .endCondition()
              .build());
    } else if (image.endsWith(":fail")) {
      for (int i = 0; i <= backoffLimit; i++) {
        pod(client, j, i, "Failed");
      }
      write(client, j, failed(start, backoffLimit + 1, "BackoffLimitExceeded", "backoff limit"));
    } else if (j.getSpec().getActiveDeadlineSeconds() != null) {
      write(client, j, failed(start, 1, "DeadlineExceeded", "longer than specified deadline"));
    } else {
      pod(client, j, 0, "Running");
    }
    return true;
  }

  private static JobStatus failed(String start, int failed, String reason, String message) {
    return new JobStatusBuilder()
        .withStartTime(start)
        .withFailed(failed)
        .addNewCondition()
        .withType("Failed")
        .withStatus("True")
        .withReason(reason)
        .withMessage("Job " + message)
        .endCondition()
        .build();
  }

  private static void pod(KubernetesClient client, Job j, int i, String phase) {
    String name = j.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    if (j.getSpec().getTemplate().getMetadata() != null
        && j.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(j.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put(JobSpec.LEGACY_JOB_NAME_LABEL, name);
    labels.put(JobSpec.JOB_NAME_LABEL, name);
    client
        .pods()
        .inNamespace(j.getMetadata().getNamespace())
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name + "-x" + i)
                .withLabels(labels)
                .addNewOwnerReference()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(name)
                .withUid("job-uid")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withSpec(j.getSpec().getTemplate().getSpec())
                .editSpec()
                .withNodeName("node-1")
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build())
        .create();
  }

  static void write(KubernetesClient client, Job j, JobStatus status) {
    Job current =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(j.getMetadata().getNamespace())
            .withName(j.getMetadata().getName())
            .get();
    current.setStatus(status);
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(j.getMetadata().getNamespace())
        .resource(current)
        .updateStatus();
  }

  private void pause() {
    try {
      Thread.sleep(60);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
