package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.AutoscalerInfo;
import dev.cloudnative.kubernetes.AutoscalerSpec;
import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.ContainerPort;
import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.EnvVar;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.Probe;
import dev.cloudnative.kubernetes.ResourceRequirements;
import dev.cloudnative.kubernetes.RollingUpdate;
import dev.cloudnative.kubernetes.RolloutCondition;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.ServiceInfo;
import dev.cloudnative.kubernetes.ServicePort;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.ServiceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Translates between this module's specs/snapshots and fabric8's model objects, in both directions:
 * towards the API server (specs to manifests), from it (manifests to snapshots), and from parsed
 * YAML (manifests back to specs, for the in-memory cluster). Keeping it in one place means the two
 * cluster implementations read manifests identically. Stateless and thread-safe.
 */
public final class ModelMapper {

  /** The annotation the deployment controller keeps the revision number in. */
  public static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

  /** The pod-template annotation {@code kubectl rollout restart} sets. */
  public static final String RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

  private ModelMapper() {}

  // ---------------------------------------------------------------- specs -> manifests

  public static Deployment toDeployment(DeploymentSpec spec, String namespace) {
    ContainerBuilder c =
        new ContainerBuilder().withName(spec.containerName()).withImage(spec.image());
    if (!spec.command().isEmpty()) {
      c.withCommand(spec.command());
    }
    if (!spec.args().isEmpty()) {
      c.withArgs(spec.args());
    }
    for (EnvVar v : spec.env()) {
      EnvVarBuilder e = new EnvVarBuilder().withName(v.name());
      switch (v.source()) {
        case LITERAL -> e.withValue(v.value());
        case CONFIG_MAP ->
            e.withNewValueFrom()
                .withNewConfigMapKeyRef(v.sourceKey(), v.sourceName(), false)
                .endValueFrom();
        case SECRET ->
            e.withNewValueFrom()
                .withNewSecretKeyRef(v.sourceKey(), v.sourceName(), false)
                .endValueFrom();
        default -> throw new IllegalStateException("unknown env source " + v.source());
      }
      c.addToEnv(e.build());
    }
    for (ContainerPort p : spec.ports()) {
      c.addNewPort()
          .withContainerPort(p.port())
          .withName(p.name().isEmpty() ? null : p.name())
          .withProtocol(p.protocol())
          .endPort();
    }
    ResourceRequirements r = spec.resources();
    if (!r.isEmpty()) {
      Map<String, Quantity> requests = new LinkedHashMap<>();
      Map<String, Quantity> limits = new LinkedHashMap<>();
      putQuantity(requests, "cpu", r.cpuRequest());
      putQuantity(requests, "memory", r.memoryRequest());
      putQuantity(limits, "cpu", r.cpuLimit());
      putQuantity(limits, "memory", r.memoryLimit());
      c.withNewResources()
          .withRequests(requests.isEmpty() ? null : requests)
          .withLimits(limits.isEmpty() ? null : limits)
          .endResources();
    }
    spec.livenessProbe().ifPresent(p -> c.withLivenessProbe(toProbe(p)));
    spec.readinessProbe().ifPresent(p -> c.withReadinessProbe(toProbe(p)));

    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .withLabels(new LinkedHashMap<>(spec.labels()))
        .endMetadata()
        .withNewSpec()
        .withReplicas(spec.replicas())
        .withNewSelector()
        .withMatchLabels(new LinkedHashMap<>(spec.selector()))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(intOrString(spec.strategy().maxSurge()))
        .withMaxUnavailable(intOrString(spec.strategy().maxUnavailable()))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(new LinkedHashMap<>(spec.labels()))
        .withAnnotations(
            spec.podAnnotations().isEmpty() ? null : new LinkedHashMap<>(spec.podAnnotations()))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(spec.serviceAccount().orElse(null))
        .withContainers(c.build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static void putQuantity(Map<String, Quantity> map, String key, String value) {
    if (!value.isEmpty()) {
      map.put(key, new Quantity(value));
    }
  }

  private static IntOrString intOrString(String v) {
    return v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
  }

  private static io.fabric8.kubernetes.api.model.Probe toProbe(Probe p) {
    io.fabric8.kubernetes.api.model.ProbeBuilder b =
        new io.fabric8.kubernetes.api.model.ProbeBuilder()
            .withInitialDelaySeconds((int) p.initialDelay().toSeconds())
            .withPeriodSeconds((int) Math.max(1, p.period().toSeconds()))
            .withFailureThreshold(p.failureThreshold());
    switch (p.type()) {
      case HTTP ->
          b.withNewHttpGet().withPath(p.path()).withPort(new IntOrString(p.port())).endHttpGet();
      case TCP -> b.withNewTcpSocket().withPort(new IntOrString(p.port())).endTcpSocket();
      case EXEC -> b.withNewExec().withCommand(p.command()).endExec();
      default -> throw new IllegalStateException("unknown probe type " + p.type());
    }
    return b.build();
  }

  public static Service toService(ServiceSpec spec, String namespace) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(spec.name())
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withType(spec.type().apiName())
            .withSelector(new LinkedHashMap<>(spec.selector()))
            .endSpec();
    for (ServicePort p : spec.ports()) {
      b.editSpec()
          .addToPorts(
              new ServicePortBuilder()
                  .withName(p.name().isEmpty() ? null : p.name())
                  .withPort(p.port())
                  .withTargetPort(new IntOrString(p.targetPort()))
                  .withNodePort(p.nodePort() == 0 ? null : p.nodePort())
                  .withProtocol("TCP")
                  .build())
          .endSpec();
    }
    return b.build();
  }

  public static ConfigMap toConfigMap(ConfigMapSpec spec, String namespace) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .endMetadata()
        .withData(new LinkedHashMap<>(spec.data()))
        .build();
  }

  public static Secret toSecret(SecretSpec spec, String namespace) {
    Map<String, String> encoded = new LinkedHashMap<>();
    spec.data()
        .forEach(
            (k, v) ->
                encoded.put(
                    k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .endMetadata()
        .withType("Opaque")
        .withData(encoded)
        .build();
  }

  public static HorizontalPodAutoscaler toAutoscaler(AutoscalerSpec spec, String namespace) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(spec.deployment())
        .endScaleTargetRef()
        .withMinReplicas(spec.minReplicas())
        .withMaxReplicas(spec.maxReplicas())
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(spec.targetCpuUtilizationPercent())
        .endTarget()
        .endResource()
        .endMetric()
        .endSpec()
        .build();
  }

  // ---------------------------------------------------------------- manifests -> snapshots

  public static RolloutStatus rolloutStatus(Deployment d) {
    DeploymentStatus s = d.getStatus();
    ObjectMeta m = d.getMetadata();
    int replicas =
        d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    if (s == null) {
      return new RolloutStatus(
          m.getNamespace(),
          m.getName(),
          orZero(m.getGeneration()),
          0,
          replicas,
          0,
          0,
          0,
          0,
          replicas);
    }
    return new RolloutStatus(
        m.getNamespace(),
        m.getName(),
        orZero(m.getGeneration()),
        orZero(s.getObservedGeneration()),
        replicas,
        orZero(s.getReplicas()),
        orZero(s.getUpdatedReplicas()),
        orZero(s.getReadyReplicas()),
        orZero(s.getAvailableReplicas()),
        orZero(s.getUnavailableReplicas()),
        conditions(s.getConditions()));
  }

  private static List<RolloutCondition> conditions(List<DeploymentCondition> conditions) {
    if (conditions == null) {
      return List.of();
    }
    return conditions.stream()
        .filter(c -> c != null && c.getType() != null)
        .map(
            c ->
                new RolloutCondition(
                    c.getType(),
                    Objects.requireNonNullElse(c.getStatus(), ""),
                    Objects.requireNonNullElse(c.getReason(), ""),
                    Objects.requireNonNullElse(c.getMessage(), "")))
        .toList();
  }

  public static DeploymentInfo deploymentInfo(Deployment d) {
    ObjectMeta m = d.getMetadata();
    List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
    String image =
        containers.isEmpty() ? "" : Objects.requireNonNullElse(containers.get(0).getImage(), "");
    Map<String, String> selector =
        d.getSpec().getSelector() == null || d.getSpec().getSelector().getMatchLabels() == null
            ? Map.of()
            : d.getSpec().getSelector().getMatchLabels();
    long revision = 0;
    if (m.getAnnotations() != null && m.getAnnotations().get(REVISION_ANNOTATION) != null) {
      revision = Long.parseLong(m.getAnnotations().get(REVISION_ANNOTATION));
    }
    RolloutStatus status = rolloutStatus(d);
    return new DeploymentInfo(
        m.getNamespace(), m.getName(), image, status.replicas(), selector, revision, status);
  }

  public static PodInfo podInfo(Pod p) {
    ObjectMeta m = p.getMetadata();
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    boolean ready =
        p.getStatus() != null
            && p.getStatus().getConditions() != null
            && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    int restarts = 0;
    String reason = "";
    java.util.OptionalInt exitCode = java.util.OptionalInt.empty();
    if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
        if (reason.isEmpty() && cs.getState() != null && cs.getState().getWaiting() != null) {
          reason = Objects.requireNonNullElse(cs.getState().getWaiting().getReason(), "");
        }
        restarts += orZero(cs.getRestartCount());
        if (exitCode.isEmpty()) {
          exitCode = exitCode(cs);
        }
      }
    }
    String ip =
        p.getStatus() == null ? "" : Objects.requireNonNullElse(p.getStatus().getPodIP(), "");
    String node =
        p.getSpec() == null ? "" : Objects.requireNonNullElse(p.getSpec().getNodeName(), "");
    String ownerKind = "";
    String ownerName = "";
    if (m.getOwnerReferences() != null) {
      for (OwnerReference o : m.getOwnerReferences()) {
        if (Boolean.TRUE.equals(o.getController()) || ownerKind.isEmpty()) {
          ownerKind = o.getKind();
          ownerName = o.getName();
        }
      }
    }
    String image =
        p.getSpec() == null
                || p.getSpec().getContainers() == null
                || p.getSpec().getContainers().isEmpty()
            ? ""
            : Objects.requireNonNullElse(p.getSpec().getContainers().get(0).getImage(), "");
    return new PodInfo(
        m.getNamespace(),
        m.getName(),
        PodPhase.fromApiName(phase),
        ready,
        restarts,
        ip,
        node,
        ownerKind,
        ownerName,
        m.getLabels() == null ? Map.of() : m.getLabels(),
        image,
        reason,
        Map.of(),
        false,
        exitCode);
  }

  /**
   * A container's exit code: of its current state once terminated, else of its last termination (a
   * container that restarted), empty when it never terminated.
   */
  private static java.util.OptionalInt exitCode(ContainerStatus cs) {
    for (var state :
        new io.fabric8.kubernetes.api.model.ContainerState[] {cs.getState(), cs.getLastState()}) {
      if (state != null
          && state.getTerminated() != null
          && state.getTerminated().getExitCode() != null) {
        return java.util.OptionalInt.of(state.getTerminated().getExitCode());
      }
    }
    return java.util.OptionalInt.empty();
  }

  public static ServiceInfo serviceInfo(Service s, Endpoints endpoints) {
    ObjectMeta m = s.getMetadata();
    List<ServicePort> ports = new ArrayList<>();
    if (s.getSpec().getPorts() != null) {
      for (io.fabric8.kubernetes.api.model.ServicePort p : s.getSpec().getPorts()) {
        int target =
            p.getTargetPort() == null || p.getTargetPort().getIntVal() == null
                ? orZero(p.getPort())
                : p.getTargetPort().getIntVal();
        ports.add(
            new ServicePort(
                Objects.requireNonNullElse(p.getName(), ""),
                orZero(p.getPort()),
                target,
                orZero(p.getNodePort())));
      }
    }
    List<String> addresses = new ArrayList<>();
    if (endpoints != null && endpoints.getSubsets() != null) {
      for (EndpointSubset subset : endpoints.getSubsets()) {
        if (subset.getAddresses() == null) {
          continue;
        }
        for (EndpointAddress a : subset.getAddresses()) {
          if (subset.getPorts() == null || subset.getPorts().isEmpty()) {
            addresses.add(a.getIp());
          } else {
            subset.getPorts().forEach(ep -> addresses.add(a.getIp() + ":" + ep.getPort()));
          }
        }
      }
    }
    return new ServiceInfo(
        m.getNamespace(),
        m.getName(),
        ServiceType.fromApiName(s.getSpec().getType()),
        Objects.requireNonNullElse(s.getSpec().getClusterIP(), ""),
        s.getSpec().getSelector() == null ? Map.of() : s.getSpec().getSelector(),
        ports,
        addresses);
  }

  public static Map<String, String> secretData(Secret s) {
    Map<String, String> out = new HashMap<>();
    if (s.getData() != null) {
      s.getData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (s.getStringData() != null) {
      out.putAll(s.getStringData());
    }
    return out;
  }

  public static AutoscalerInfo autoscalerInfo(HorizontalPodAutoscaler h) {
    AutoscalerSpec spec = toAutoscalerSpec(h);
    HorizontalPodAutoscalerStatus st = h.getStatus();
    int current = st == null ? 0 : orZero(st.getCurrentReplicas());
    int desired = st == null ? 0 : orZero(st.getDesiredReplicas());
    int cpu = -1;
    if (st != null && st.getCurrentMetrics() != null) {
      for (MetricStatus ms : st.getCurrentMetrics()) {
        if (ms.getResource() != null
            && "cpu".equals(ms.getResource().getName())
            && ms.getResource().getCurrent() != null
            && ms.getResource().getCurrent().getAverageUtilization() != null) {
          cpu = ms.getResource().getCurrent().getAverageUtilization();
        }
      }
    }
    return new AutoscalerInfo(spec, current, desired, cpu);
  }

  // ---------------------------------------------------------------- manifests -> specs (YAML into
  // the simulation)

  public static DeploymentSpec toDeploymentSpec(Deployment d) {
    ObjectMeta m = d.getMetadata();
    PodTemplateSpec t = d.getSpec().getTemplate();
    if (t.getSpec().getContainers().size() != 1) {
      throw KubernetesInvalidException.rejected(
          "Deployment",
          m.getNamespace(),
          m.getName(),
          "spec.template.spec.containers",
          "the in-memory cluster simulates single-container pods, found "
              + t.getSpec().getContainers().size()
              + " containers");
    }
    Container c = t.getSpec().getContainers().get(0);
    DeploymentSpec.Builder b =
        DeploymentSpec.named(m.getName())
            .inNamespace(m.getNamespace())
            .running(c.getImage())
            .withReplicas(d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas())
            .withContainerName(c.getName());
    if (t.getMetadata() != null && t.getMetadata().getLabels() != null) {
      t.getMetadata().getLabels().forEach(b::withLabel);
    }
    if (t.getMetadata() != null && t.getMetadata().getAnnotations() != null) {
      t.getMetadata().getAnnotations().forEach(b::withPodAnnotation);
    }
    String serviceAccount = t.getSpec().getServiceAccountName();
    if (serviceAccount != null && !serviceAccount.isEmpty()) {
      b.withServiceAccount(serviceAccount);
    }
    if (d.getSpec().getSelector() != null && d.getSpec().getSelector().getMatchLabels() != null) {
      b.selectedBy(d.getSpec().getSelector().getMatchLabels());
    }
    if (c.getCommand() != null && !c.getCommand().isEmpty()) {
      b.withCommand(c.getCommand().toArray(String[]::new));
    }
    if (c.getArgs() != null && !c.getArgs().isEmpty()) {
      b.withArgs(c.getArgs().toArray(String[]::new));
    }
    if (c.getEnv() != null) {
      for (io.fabric8.kubernetes.api.model.EnvVar e : c.getEnv()) {
        if (e.getValueFrom() == null) {
          b.withEnv(e.getName(), Objects.requireNonNullElse(e.getValue(), ""));
        } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
          b.withEnvFromConfigMap(
              e.getName(),
              e.getValueFrom().getConfigMapKeyRef().getName(),
              e.getValueFrom().getConfigMapKeyRef().getKey());
        } else if (e.getValueFrom().getSecretKeyRef() != null) {
          b.withEnvFromSecret(
              e.getName(),
              e.getValueFrom().getSecretKeyRef().getName(),
              e.getValueFrom().getSecretKeyRef().getKey());
        } else {
          throw KubernetesInvalidException.rejected(
              "Deployment",
              m.getNamespace(),
              m.getName(),
              "env.valueFrom",
              "only configMapKeyRef and secretKeyRef are supported, found " + e.getValueFrom());
        }
      }
    }
    if (c.getPorts() != null) {
      c.getPorts()
          .forEach(
              p -> b.withPort(Objects.requireNonNullElse(p.getName(), ""), p.getContainerPort()));
    }
    if (c.getResources() != null) {
      Map<String, Quantity> req =
          Optional.ofNullable(c.getResources().getRequests()).orElse(Map.of());
      Map<String, Quantity> lim =
          Optional.ofNullable(c.getResources().getLimits()).orElse(Map.of());
      b.withResources(
          new ResourceRequirements(
              quantity(req.get("cpu")),
              quantity(req.get("memory")),
              quantity(lim.get("cpu")),
              quantity(lim.get("memory"))));
    }
    if (c.getLivenessProbe() != null) {
      b.withLivenessProbe(fromProbe(c.getLivenessProbe()));
    }
    if (c.getReadinessProbe() != null) {
      b.withReadinessProbe(fromProbe(c.getReadinessProbe()));
    }
    if (d.getSpec().getStrategy() != null && d.getSpec().getStrategy().getRollingUpdate() != null) {
      var ru = d.getSpec().getStrategy().getRollingUpdate();
      b.rollingUpdate(
          new RollingUpdate(ios(ru.getMaxSurge(), "25%"), ios(ru.getMaxUnavailable(), "25%")));
    }
    return b.build();
  }

  private static String quantity(Quantity q) {
    return q == null ? "" : q.getAmount() + Objects.requireNonNullElse(q.getFormat(), "");
  }

  private static String ios(IntOrString v, String dflt) {
    if (v == null) {
      return dflt;
    }
    return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : v.getStrVal();
  }

  private static Probe fromProbe(io.fabric8.kubernetes.api.model.Probe p) {
    Probe out;
    if (p.getHttpGet() != null) {
      out =
          Probe.http(
              Objects.requireNonNullElse(p.getHttpGet().getPath(), "/"),
              port(p.getHttpGet().getPort()));
    } else if (p.getTcpSocket() != null) {
      out = Probe.tcp(port(p.getTcpSocket().getPort()));
    } else if (p.getExec() != null) {
      out = Probe.exec(p.getExec().getCommand().toArray(String[]::new));
    } else {
      throw KubernetesInvalidException.rejected(
          "Probe", "", "", "probe", "only httpGet, tcpSocket and exec probes are supported");
    }
    if (p.getInitialDelaySeconds() != null) {
      out = out.withInitialDelay(Duration.ofSeconds(p.getInitialDelaySeconds()));
    }
    if (p.getPeriodSeconds() != null) {
      out = out.withPeriod(Duration.ofSeconds(p.getPeriodSeconds()));
    }
    if (p.getFailureThreshold() != null) {
      out = out.withFailureThreshold(p.getFailureThreshold());
    }
    return out;
  }

  private static int port(IntOrString port) {
    if (port == null || port.getIntVal() == null) {
      throw KubernetesInvalidException.rejected(
          "Probe",
          "",
          "",
          "port",
          "named probe ports are not supported here, found "
              + (port == null ? "none" : port.getStrVal()));
    }
    return port.getIntVal();
  }

  public static ServiceSpec toServiceSpec(Service s) {
    ObjectMeta m = s.getMetadata();
    ServiceSpec.Builder b =
        ServiceSpec.named(m.getName())
            .inNamespace(m.getNamespace())
            .as(ServiceType.fromApiName(s.getSpec().getType()))
            .selecting(s.getSpec().getSelector() == null ? Map.of() : s.getSpec().getSelector());
    for (io.fabric8.kubernetes.api.model.ServicePort p : s.getSpec().getPorts()) {
      int target = p.getTargetPort() == null ? p.getPort() : port(p.getTargetPort());
      b.port(Objects.requireNonNullElse(p.getName(), ""), p.getPort());
      if (p.getNodePort() != null) {
        b.onNodePort(p.getNodePort());
      }
      b.to(target);
    }
    return b.build();
  }

  public static ConfigMapSpec toConfigMapSpec(ConfigMap c) {
    return new ConfigMapSpec(
        c.getMetadata().getNamespace(),
        c.getMetadata().getName(),
        c.getData() == null ? Map.of() : c.getData());
  }

  public static SecretSpec toSecretSpec(Secret s) {
    return new SecretSpec(s.getMetadata().getNamespace(), s.getMetadata().getName(), secretData(s));
  }

  public static AutoscalerSpec toAutoscalerSpec(HorizontalPodAutoscaler h) {
    int target = -1;
    if (h.getSpec().getMetrics() != null) {
      for (MetricSpec ms : h.getSpec().getMetrics()) {
        if (ms.getResource() != null
            && "cpu".equals(ms.getResource().getName())
            && ms.getResource().getTarget() != null
            && ms.getResource().getTarget().getAverageUtilization() != null) {
          target = ms.getResource().getTarget().getAverageUtilization();
        }
      }
    }
    if (target < 0) {
      throw KubernetesInvalidException.rejected(
          "HorizontalPodAutoscaler",
          h.getMetadata().getNamespace(),
          h.getMetadata().getName(),
          "spec.metrics",
          "only a CPU utilization target is supported");
    }
    return new AutoscalerSpec(
        h.getMetadata().getNamespace(),
        h.getMetadata().getName(),
        h.getSpec().getScaleTargetRef().getName(),
        h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas(),
        h.getSpec().getMaxReplicas(),
        target);
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
