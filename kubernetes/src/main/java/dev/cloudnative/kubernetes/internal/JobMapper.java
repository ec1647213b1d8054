package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.HostPathMount;
import dev.cloudnative.kubernetes.JobCondition;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.JobStatus;
import dev.cloudnative.kubernetes.RollingUpdate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates {@link JobSpec} into fabric8's {@code batch/v1} Job and a Job back into {@link
 * JobStatus}. The pod template is the one {@link ModelMapper} writes for a Deployment's container,
 * so env, secret references and resources are spelled the same for both kinds.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class JobMapper {

  private JobMapper() {}

  /**
   * The Job's pod template as a single-container {@link DeploymentSpec}: the same container, the
   * Job's pod labels, selected by {@code job-name}. The in-memory cluster runs Job pods from it.
   */
  public static DeploymentSpec podTemplate(JobSpec spec) {
    Map<String, String> labels = spec.podLabels();
    return new DeploymentSpec(
        spec.namespace(),
        spec.name(),
        spec.image(),
        1,
        labels,
        Map.of(JobSpec.LEGACY_JOB_NAME_LABEL, spec.name()),
        spec.containerName(),
        spec.command(),
        spec.args(),
        spec.env(),
        List.of(),
        spec.resources(),
        Optional.empty(),
        Optional.empty(),
        RollingUpdate.DEFAULT,
        Map.of(),
        spec.serviceAccount());
  }

  /**
   * The manifest server-side apply sends. The selector and the {@code job-name} pod labels are left
   * to the API server, which generates them (a Job with a hand-written selector needs {@code
   * manualSelector}).
   */
  public static Job toJob(JobSpec spec, String namespace) {
    Container c =
        ModelMapper.toDeployment(podTemplate(spec), namespace)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    spec.workingDir().ifPresent(c::setWorkingDir);
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    for (int i = 0; i < spec.hostPathMounts().size(); i++) {
      HostPathMount m = spec.hostPathMounts().get(i);
      String volume = "host-" + i;
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewHostPath()
              .withPath(m.hostPath())
              .withType("Directory")
              .endHostPath()
              .build());
      mounts.add(new VolumeMountBuilder().withName(volume).withMountPath(m.mountPath()).build());
    }
    if (!mounts.isEmpty()) {
      c.setVolumeMounts(mounts);
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .withLabels(spec.labels().isEmpty() ? null : new LinkedHashMap<>(spec.labels()))
        .endMetadata()
        .withNewSpec()
        .withCompletions(spec.completions())
        .withParallelism(spec.parallelism())
        .withBackoffLimit(spec.backoffLimit())
        .withActiveDeadlineSeconds(spec.activeDeadline().map(d -> d.getSeconds()).orElse(null))
        .withTtlSecondsAfterFinished(
            spec.ttlAfterFinished()
                .map(d -> (int) Math.min(Integer.MAX_VALUE, d.getSeconds()))
                .orElse(null))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(spec.labels().isEmpty() ? null : new LinkedHashMap<>(spec.labels()))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy(spec.restartPolicy().apiName())
        .withServiceAccountName(spec.serviceAccount().orElse(null))
        .withContainers(c)
        .withVolumes(volumes.isEmpty() ? null : volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The Job's spec counters and status, with the API server's defaults for absent fields. */
  public static JobStatus jobStatus(Job j) {
    var spec = j.getSpec();
    var status = j.getStatus();
    List<JobCondition> conditions = new ArrayList<>();
    if (status != null && status.getConditions() != null) {
      for (var c : status.getConditions()) {
        conditions.add(
            new JobCondition(
                orEmpty(c.getType()),
                orEmpty(c.getStatus()),
                orEmpty(c.getReason()),
                orEmpty(c.getMessage())));
      }
    }
    return new JobStatus(
        j.getMetadata().getNamespace(),
        j.getMetadata().getName(),
        spec == null || spec.getCompletions() == null ? 1 : spec.getCompletions(),
        spec == null || spec.getParallelism() == null ? 1 : spec.getParallelism(),
        spec == null || spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit(),
        status == null ? 0 : orZero(status.getActive()),
        status == null ? 0 : orZero(status.getSucceeded()),
        status == null ? 0 : orZero(status.getFailed()),
        status == null ? Optional.empty() : instant(status.getStartTime()),
        status == null ? Optional.empty() : instant(status.getCompletionTime()),
        conditions);
  }

  private static Optional<Instant> instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(rfc3339));
    } catch (DateTimeParseException e) {
      // a server writing an unparsable time is not worth failing a status read for
      return Optional.empty();
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
