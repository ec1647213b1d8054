package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.HostPathMount;
import dev.cloudnative.kubernetes.IngressRoute;
import dev.cloudnative.kubernetes.IngressSpec;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;
import dev.cloudnative.kubernetes.PodTemplate;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Manifests of the kinds added after the first five (StatefulSet, DaemonSet, Job, CronJob, Ingress,
 * PodDisruptionBudget, PersistentVolumeClaim) read back into the module's specs, for YAML applied
 * to the in-memory cluster: the inverse of the kinds' mappers, so a document means there what it
 * means on an API server. A field the simulation cannot hold (several containers, a selector with
 * match expressions, a named probe port, ...) is refused with {@link KubernetesInvalidException}
 * naming it, rather than dropped. The pod template goes through {@link
 * ModelMapper#toDeploymentSpec}, so every kind reads it with the same rules.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class ManifestSpecs {

  private ManifestSpecs() {}

  /** The template read as a single-container Deployment's (its rules and refusals). */
  private static DeploymentSpec template(
      ObjectMeta m, PodTemplateSpec t, Map<String, String> selector, String kind) {
    if (t == null || t.getSpec() == null) {
      throw KubernetesInvalidException.rejected(
          kind, m.getNamespace(), m.getName(), "spec.template", "a pod template is required");
    }
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(m.getName())
            .withNamespace(m.getNamespace())
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .withMatchLabels(selector.isEmpty() ? null : new LinkedHashMap<>(selector))
            .endSelector()
            .withTemplate(t)
            .endSpec()
            .build();
    return ModelMapper.toDeploymentSpec(d);
  }

  private static Map<String, String> selector(ObjectMeta m, LabelSelector s, String kind) {
    if (s == null) {
      return Map.of();
    }
    if (s.getMatchExpressions() != null && !s.getMatchExpressions().isEmpty()) {
      throw KubernetesInvalidException.rejected(
          kind,
          m.getNamespace(),
          m.getName(),
          "spec.selector.matchExpressions",
          "the in-memory cluster selects by matchLabels only");
    }
    return s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  private static String intOrString(IntOrString v, String dflt) {
    if (v == null) {
      return dflt;
    }
    return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : v.getStrVal();
  }

  // ---- workloads

  public static StatefulSetSpec toStatefulSetSpec(StatefulSet s) {
    ObjectMeta m = s.getMetadata();
    var spec = s.getSpec();
    Map<String, String> selector = selector(m, spec.getSelector(), "StatefulSet");
    DeploymentSpec t = template(m, spec.getTemplate(), selector, "StatefulSet");
    int partition = 0;
    if (spec.getUpdateStrategy() != null) {
      if ("OnDelete".equals(spec.getUpdateStrategy().getType())) {
        throw KubernetesInvalidException.rejected(
            "StatefulSet",
            m.getNamespace(),
            m.getName(),
            "spec.updateStrategy.type",
            "the in-memory cluster simulates RollingUpdate only, found OnDelete");
      }
      if (spec.getUpdateStrategy().getRollingUpdate() != null
          && spec.getUpdateStrategy().getRollingUpdate().getPartition() != null) {
        partition = spec.getUpdateStrategy().getRollingUpdate().getPartition();
      }
    }
    return new StatefulSetSpec(
        m.getNamespace(),
        m.getName(),
        t.image(),
        spec.getReplicas() == null ? 1 : spec.getReplicas(),
        t.labels(),
        t.selector(),
        spec.getServiceName() == null || spec.getServiceName().isEmpty()
            ? m.getName()
            : spec.getServiceName(),
        t.containerName(),
        t.command(),
        t.args(),
        t.env(),
        t.ports(),
        t.resources(),
        t.readinessProbe(),
        partition,
        t.serviceAccount());
  }

  public static DaemonSetSpec toDaemonSetSpec(DaemonSet d) {
    ObjectMeta m = d.getMetadata();
    var spec = d.getSpec();
    Map<String, String> selector = selector(m, spec.getSelector(), "DaemonSet");
    DeploymentSpec t = template(m, spec.getTemplate(), selector, "DaemonSet");
    String maxUnavailable = "1";
    if (spec.getUpdateStrategy() != null) {
      if ("OnDelete".equals(spec.getUpdateStrategy().getType())) {
        throw KubernetesInvalidException.rejected(
            "DaemonSet",
            m.getNamespace(),
            m.getName(),
            "spec.updateStrategy.type",
            "the in-memory cluster simulates RollingUpdate only, found OnDelete");
      }
      if (spec.getUpdateStrategy().getRollingUpdate() != null) {
        maxUnavailable =
            intOrString(spec.getUpdateStrategy().getRollingUpdate().getMaxUnavailable(), "1");
      }
    }
    PodTemplate template =
        new PodTemplate(
            t.labels(),
            t.containerName(),
            t.image(),
            t.command(),
            t.args(),
            t.env(),
            t.ports(),
            t.resources(),
            t.livenessProbe(),
            t.readinessProbe(),
            t.serviceAccount());
    return new DaemonSetSpec(m.getNamespace(), m.getName(), t.selector(), template, maxUnavailable);
  }

  public static JobSpec toJobSpec(Job j) {
    ObjectMeta m = j.getMetadata();
    var spec = j.getSpec();
    PodTemplateSpec t = spec.getTemplate();
    // the API server writes the selector and the job-name labels itself: a manifest's are dropped
    Map<String, String> podLabels =
        new LinkedHashMap<>(
            t == null || t.getMetadata() == null ? Map.of() : orEmpty(t.getMetadata().getLabels()));
    podLabels.remove(JobSpec.LEGACY_JOB_NAME_LABEL);
    podLabels.remove(JobSpec.JOB_NAME_LABEL);
    podLabels.remove("controller-uid");
    podLabels.remove("batch.kubernetes.io/controller-uid");
    DeploymentSpec c = template(m, t, Map.of(), "Job");
    if (!c.ports().isEmpty() || c.readinessProbe().isPresent() || c.livenessProbe().isPresent()) {
      throw KubernetesInvalidException.rejected(
          "Job",
          m.getNamespace(),
          m.getName(),
          "spec.template.spec.containers[0]",
          "JobSpec holds no ports or probes; remove them from the Job's container");
    }
    var podSpec = t.getSpec();
    String restart = podSpec.getRestartPolicy() == null ? "Never" : podSpec.getRestartPolicy();
    JobSpec.RestartPolicy policy = null;
    for (JobSpec.RestartPolicy p : JobSpec.RestartPolicy.values()) {
      if (p.apiName().equals(restart)) {
        policy = p;
      }
    }
    if (policy == null) {
      throw KubernetesInvalidException.rejected(
          "Job",
          m.getNamespace(),
          m.getName(),
          "spec.template.spec.restartPolicy",
          "'" + restart + "' is not allowed for a Job: Never or OnFailure");
    }
    var container = podSpec.getContainers().get(0);
    List<HostPathMount> mounts = new ArrayList<>();
    if (container.getVolumeMounts() != null) {
      for (var vm : container.getVolumeMounts()) {
        var volume =
            podSpec.getVolumes() == null
                ? null
                : podSpec.getVolumes().stream()
                    .filter(v -> vm.getName().equals(v.getName()))
                    .findFirst()
                    .orElse(null);
        if (volume == null || volume.getHostPath() == null) {
          throw KubernetesInvalidException.rejected(
              "Job",
              m.getNamespace(),
              m.getName(),
              "spec.template.spec.volumes",
              "the in-memory cluster mounts hostPath volumes only, found '" + vm.getName() + "'");
        }
        mounts.add(new HostPathMount(volume.getHostPath().getPath(), vm.getMountPath()));
      }
    }
    return new JobSpec(
        m.getNamespace(),
        m.getName(),
        c.image(),
        c.containerName(),
        c.command(),
        c.args(),
        c.env(),
        c.resources(),
        podLabels,
        policy,
        spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit(),
        Optional.ofNullable(spec.getActiveDeadlineSeconds()).map(Duration::ofSeconds),
        Optional.ofNullable(spec.getTtlSecondsAfterFinished()).map(s -> Duration.ofSeconds(s)),
        spec.getCompletions() == null ? 1 : spec.getCompletions(),
        spec.getParallelism() == null ? 1 : spec.getParallelism(),
        Optional.ofNullable(container.getWorkingDir()).filter(w -> !w.isEmpty()),
        mounts,
        c.serviceAccount());
  }

  public static CronJobSpec toCronJobSpec(CronJob c) {
    ObjectMeta m = c.getMetadata();
    var spec = c.getSpec();
    if (spec.getJobTemplate() == null || spec.getJobTemplate().getSpec() == null) {
      throw KubernetesInvalidException.rejected(
          "CronJob", m.getNamespace(), m.getName(), "spec.jobTemplate", "a Job template is needed");
    }
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName(m.getName())
            .withNamespace(m.getNamespace())
            .endMetadata()
            .withSpec(spec.getJobTemplate().getSpec())
            .build();
    CronJobSpec.Builder b =
        CronJobSpec.named(m.getName())
            .inNamespace(m.getNamespace())
            .onSchedule(spec.getSchedule())
            .running(toJobSpec(job))
            .suspended(Boolean.TRUE.equals(spec.getSuspend()))
            .keepingHistory(
                spec.getSuccessfulJobsHistoryLimit() == null
                    ? 3
                    : spec.getSuccessfulJobsHistoryLimit(),
                spec.getFailedJobsHistoryLimit() == null ? 1 : spec.getFailedJobsHistoryLimit());
    if (spec.getTimeZone() != null) {
      b.inTimeZone(spec.getTimeZone());
    }
    if (spec.getConcurrencyPolicy() != null) {
      b.withConcurrencyPolicy(
          CronJobSpec.ConcurrencyPolicy.fromApiName(spec.getConcurrencyPolicy()));
    }
    return b.build();
  }

  // ---- networking, policy, storage

  public static IngressSpec toIngressSpec(Ingress i) {
    ObjectMeta m = i.getMetadata();
    var spec = i.getSpec();
    List<IngressRoute> routes = new ArrayList<>();
    if (spec.getRules() != null) {
      for (IngressRule rule : spec.getRules()) {
        Optional<String> host = Optional.ofNullable(rule.getHost()).filter(h -> !h.isEmpty());
        if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
          continue;
        }
        for (HTTPIngressPath p : rule.getHttp().getPaths()) {
          var service = p.getBackend() == null ? null : p.getBackend().getService();
          if (service == null
              || service.getPort() == null
              || service.getPort().getNumber() == null) {
            throw KubernetesInvalidException.rejected(
                "Ingress",
                m.getNamespace(),
                m.getName(),
                "spec.rules.http.paths.backend.service.port.number",
                "every path needs a Service backend with a port number");
          }
          routes.add(
              new IngressRoute(
                  host,
                  Objects.requireNonNullElse(p.getPath(), "/"),
                  pathType(m, p.getPathType()),
                  service.getName(),
                  service.getPort().getNumber()));
        }
      }
    }
    Optional<String> tlsSecret = Optional.empty();
    List<String> tlsHosts = List.of();
    if (spec.getTls() != null && !spec.getTls().isEmpty()) {
      if (spec.getTls().size() > 1) {
        throw KubernetesInvalidException.rejected(
            "Ingress",
            m.getNamespace(),
            m.getName(),
            "spec.tls",
            "IngressSpec holds one TLS entry, found " + spec.getTls().size());
      }
      var tls = spec.getTls().get(0);
      tlsSecret = Optional.ofNullable(tls.getSecretName());
      tlsHosts = tls.getHosts() == null ? List.of() : tls.getHosts();
    }
    return new IngressSpec(
        m.getNamespace(),
        m.getName(),
        Optional.ofNullable(spec.getIngressClassName()),
        routes,
        tlsSecret,
        tlsHosts);
  }

  private static IngressRoute.PathType pathType(ObjectMeta m, String apiName) {
    for (IngressRoute.PathType t : IngressRoute.PathType.values()) {
      if (t.apiName().equals(apiName)) {
        return t;
      }
    }
    throw KubernetesInvalidException.rejected(
        "Ingress",
        m.getNamespace(),
        m.getName(),
        "spec.rules.http.paths.pathType",
        "'" + apiName + "' is not Prefix, Exact or ImplementationSpecific");
  }

  public static PodDisruptionBudgetSpec toBudgetSpec(PodDisruptionBudget b) {
    ObjectMeta m = b.getMetadata();
    var spec = b.getSpec();
    return new PodDisruptionBudgetSpec(
        m.getNamespace(),
        m.getName(),
        selector(m, spec.getSelector(), "PodDisruptionBudget"),
        Optional.ofNullable(spec.getMinAvailable()).map(v -> intOrString(v, "")),
        Optional.ofNullable(spec.getMaxUnavailable()).map(v -> intOrString(v, "")));
  }

  public static PersistentVolumeClaimSpec toClaimSpec(PersistentVolumeClaim c) {
    ObjectMeta m = c.getMetadata();
    var spec = c.getSpec();
    Quantity storage =
        spec.getResources() == null || spec.getResources().getRequests() == null
            ? null
            : spec.getResources().getRequests().get("storage");
    if (storage == null) {
      throw KubernetesInvalidException.rejected(
          "PersistentVolumeClaim",
          m.getNamespace(),
          m.getName(),
          "spec.resources.requests.storage",
          "a claim must request storage");
    }
    List<PersistentVolumeClaimSpec.AccessMode> modes =
        spec.getAccessModes() == null || spec.getAccessModes().isEmpty()
            ? List.of(PersistentVolumeClaimSpec.AccessMode.READ_WRITE_ONCE)
            : spec.getAccessModes().stream()
                .map(PersistentVolumeClaimSpec.AccessMode::fromApiName)
                .toList();
    return new PersistentVolumeClaimSpec(
        m.getNamespace(),
        m.getName(),
        storage.getAmount() + Objects.requireNonNullElse(storage.getFormat(), ""),
        modes,
        Optional.ofNullable(spec.getStorageClassName()));
  }
}
