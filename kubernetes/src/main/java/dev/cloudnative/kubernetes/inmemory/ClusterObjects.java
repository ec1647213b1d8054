package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.AutoscalerInfo;
import dev.cloudnative.kubernetes.AutoscalerSpec;
import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.ServiceInfo;
import dev.cloudnative.kubernetes.ServicePort;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.ServiceType;
import dev.cloudnative.kubernetes.internal.ModelMapper;
import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The API server's part of the in-memory cluster: creating, reading, changing and deleting objects.
 * Every write only records the desired state (a new spec, a bumped generation) and leaves acting on
 * it to the controllers of the next step, as a real API server does; this is what makes a rollout
 * observable step by step. The exceptions are those a server answers with: not found, invalid (an
 * immutable selector), and the allocations it makes itself (cluster IPs, node ports).
 *
 * <p>Thread-safe: every call runs under the {@link ClusterState} lock (writes through {@link
 * ClusterState#locked}, so their watch events are published); none calls the pod runtime.
 */
final class ClusterObjects {

  private final ClusterState state;
  // ---- guarded by the state lock
  private int clusterIpSequence;
  private int nodePortSequence = 30000;

  ClusterObjects(ClusterState state) {
    this.state = state;
  }

  // ------------------------------------------------------------------------------------------
  // namespaces

  void ensureNamespace(String namespace) {
    Validation.namespace(namespace);
    state.locked(() -> state.namespaces.add(namespace));
  }

  void deleteNamespace(String namespace) {
    Validation.namespace(namespace);
    state.locked(
        () -> {
          if (!state.namespaces.remove(namespace)) {
            throw ClusterState.notFound("Namespace", "", namespace);
          }
          for (Map<Key, ?> m :
              List.<Map<Key, ?>>of(
                  state.deployments,
                  state.services,
                  state.configMaps,
                  state.secrets,
                  state.autoscalers,
                  state.jobs,
                  state.statefulSets,
                  state.daemonSets,
                  state.claims,
                  state.ingresses,
                  state.budgets,
                  state.cronJobs,
                  state.serviceAccounts,
                  state.roles,
                  state.roleBindings,
                  state.reportedCpu)) {
            m.keySet().removeIf(k -> k.namespace().equals(namespace));
          }
          new ArrayList<>(state.pods.keySet())
              .stream().filter(k -> k.namespace().equals(namespace)).forEach(state::removePod);
          return null;
        });
  }

  List<String> namespaces() {
    synchronized (state.lock) {
      state.checkOpen();
      return List.copyOf(state.namespaces);
    }
  }

  // ------------------------------------------------------------------------------------------
  // apply

  DeploymentInfo apply(DeploymentSpec spec) {
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          DeploymentSpec normalized =
              spec.namespace() == null ? spec.toBuilder().inNamespace(n).build() : spec;
          Key k = new Key(n, spec.name());
          DeploymentState d = state.deployments.get(k);
          if (d == null) {
            d = new DeploymentState(normalized);
            state.deployments.put(k, d);
          } else {
            if (!d.spec.selector().equals(normalized.selector())) {
              throw new KubernetesInvalidException(
                  "Deployment "
                      + n
                      + "/"
                      + spec.name()
                      + " is invalid: spec.selector: field is immutable",
                  "Deployment",
                  n,
                  spec.name(),
                  422,
                  List.of(
                      new KubernetesInvalidException.FieldCause(
                          "spec.selector", "FieldValueInvalid", "field is immutable")),
                  null);
            }
            d.update(normalized);
          }
          return state.deploymentInfo(k, d);
        });
  }

  /** Keeps a service's cluster IP and node ports across re-applies, as the server allocates. */
  ServiceInfo apply(ServiceSpec spec) {
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          Key k = new Key(n, spec.name());
          ServiceState existing = state.services.get(k);
          String clusterIp =
              existing != null ? existing.clusterIp() : "10.96.0." + (++clusterIpSequence);
          List<ServicePort> ports = new ArrayList<>();
          for (ServicePort p : spec.ports()) {
            int nodePort = p.nodePort();
            if (spec.type() != ServiceType.CLUSTER_IP && nodePort == 0) {
              nodePort =
                  existing == null
                      ? ++nodePortSequence
                      : existing.ports().stream()
                          .filter(e -> e.port() == p.port() && e.nodePort() != 0)
                          .map(ServicePort::nodePort)
                          .findFirst()
                          .orElseGet(() -> ++nodePortSequence);
            }
            ports.add(new ServicePort(p.name(), p.port(), p.targetPort(), nodePort));
          }
          ServiceState s =
              new ServiceState(spec.type(), spec.selector(), List.copyOf(ports), clusterIp);
          state.services.put(k, s);
          return state.serviceInfo(k, s);
        });
  }

  void apply(ConfigMapSpec spec) {
    state.locked(
        () ->
            state.configMaps.put(
                new Key(state.requireNamespace(spec.namespace()), spec.name()), spec.data()));
  }

  void apply(SecretSpec spec) {
    state.locked(
        () ->
            state.secrets.put(
                new Key(state.requireNamespace(spec.namespace()), spec.name()), spec.data()));
  }

  AutoscalerInfo apply(AutoscalerSpec spec) {
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          AutoscalerSpec normalized = spec.namespace() == null ? spec.inNamespace(n) : spec;
          Key k = new Key(n, spec.name());
          AutoscalerState previous = state.autoscalers.get(k);
          AutoscalerState s = new AutoscalerState(normalized);
          if (previous != null) {
            s.currentReplicas = previous.currentReplicas;
            s.desiredReplicas = previous.desiredReplicas;
            s.currentCpu = previous.currentCpu;
          }
          state.autoscalers.put(k, s);
          return s.info();
        });
  }

  /** Records the CPU figure an autoscaler of the deployment will read. */
  void reportCpu(String namespace, String deployment, int percent) {
    state.locked(
        () -> {
          Key k = new Key(state.ns(namespace), deployment);
          state.requireDeployment(k);
          state.reportedCpu.put(
              k, Validation.nonNegative("Deployment", k.namespace(), deployment, "cpu", percent));
          return null;
        });
  }

  // ------------------------------------------------------------------------------------------
  // reads

  Optional<DeploymentInfo> deployment(String namespace, String name) {
    synchronized (state.lock) {
      state.checkOpen();
      Key k =
          new Key(
              state.ns(namespace),
              Validation.subdomain("Deployment", namespace, "metadata.name", name));
      return Optional.ofNullable(state.deployments.get(k)).map(d -> state.deploymentInfo(k, d));
    }
  }

  List<DeploymentInfo> deployments(String namespace) {
    synchronized (state.lock) {
      state.checkOpen();
      String n = state.ns(namespace);
      return state.deployments.entrySet().stream()
          .filter(e -> e.getKey().namespace().equals(n))
          .map(e -> state.deploymentInfo(e.getKey(), e.getValue()))
          .toList();
    }
  }

  Optional<ServiceInfo> service(String namespace, String name) {
    synchronized (state.lock) {
      state.checkOpen();
      Key k = new Key(state.ns(namespace), name);
      return Optional.ofNullable(state.services.get(k)).map(s -> state.serviceInfo(k, s));
    }
  }

  Optional<Map<String, String>> configMap(String namespace, String name) {
    synchronized (state.lock) {
      state.checkOpen();
      return Optional.ofNullable(state.configMaps.get(new Key(state.ns(namespace), name)));
    }
  }

  Optional<Map<String, String>> secret(String namespace, String name) {
    synchronized (state.lock) {
      state.checkOpen();
      return Optional.ofNullable(state.secrets.get(new Key(state.ns(namespace), name)));
    }
  }

  Optional<AutoscalerInfo> autoscaler(String namespace, String name) {
    synchronized (state.lock) {
      state.checkOpen();
      return Optional.ofNullable(state.autoscalers.get(new Key(state.ns(namespace), name)))
          .map(AutoscalerState::info);
    }
  }

  List<PodInfo> pods(String namespace, Map<String, String> selector) {
    synchronized (state.lock) {
      state.checkOpen();
      String n = state.ns(namespace);
      return state.pods.entrySet().stream()
          .filter(e -> e.getKey().namespace().equals(n))
          .filter(e -> ClusterState.matches(e.getValue().labels, selector))
          .map(e -> e.getValue().info(state.simulated))
          .toList();
    }
  }

  RolloutStatus rolloutStatus(String namespace, String name) {
    synchronized (state.lock) {
      state.checkOpen();
      Key k = new Key(state.ns(namespace), name);
      return state.status(k, state.requireDeployment(k));
    }
  }

  // ------------------------------------------------------------------------------------------
  // rollout operations: each is a spec change the deployment controller acts on

  DeploymentInfo scale(String namespace, String name, int replicas) {
    return state.locked(
        () -> {
          Key k = new Key(state.ns(namespace), name);
          Validation.nonNegative("Deployment", k.namespace(), name, "spec.replicas", replicas);
          DeploymentState d = state.requireDeployment(k);
          d.update(d.spec.toBuilder().withReplicas(replicas).build());
          return state.deploymentInfo(k, d);
        });
  }

  DeploymentInfo updateImage(String namespace, String name, String image) {
    return state.locked(
        () -> {
          Key k = new Key(state.ns(namespace), name);
          Validation.imageReference(
              "Deployment", k.namespace(), name, "spec.template.spec.containers[0].image", image);
          DeploymentState d = state.requireDeployment(k);
          d.update(d.spec.toBuilder().running(image).build());
          return state.deploymentInfo(k, d);
        });
  }

  /** As {@code kubectl rollout restart}: a new pod annotation makes a new template. */
  DeploymentInfo restart(String namespace, String name) {
    return state.locked(
        () -> {
          Key k = new Key(state.ns(namespace), name);
          DeploymentState d = state.requireDeployment(k);
          d.update(
              d.spec.toBuilder()
                  .withPodAnnotation(ModelMapper.RESTARTED_AT_ANNOTATION, state.now.toString())
                  .build());
          return state.deploymentInfo(k, d);
        });
  }

  /** Makes the newest older ReplicaSet's template current again, keeping replicas and strategy. */
  DeploymentInfo rollback(String namespace, String name) {
    return state.locked(
        () -> {
          Key k = new Key(state.ns(namespace), name);
          DeploymentState d = state.requireDeployment(k);
          long current = d.currentRevision();
          ReplicaSetState previous =
              d.replicaSets.values().stream()
                  .filter(rs -> rs.revision < current)
                  .max(Comparator.comparingLong(rs -> rs.revision))
                  .orElseThrow(
                      () ->
                          new KubernetesNotFoundException(
                              "deployment "
                                  + k
                                  + " has no previous revision to roll"
                                  + " back to (current revision "
                                  + current
                                  + ")",
                              "Deployment",
                              k.namespace(),
                              name,
                              0,
                              null));
          d.update(
              previous.template.toBuilder()
                  .withReplicas(d.spec.replicas())
                  .rollingUpdate(d.spec.strategy())
                  .build());
          return state.deploymentInfo(k, d);
        });
  }

  // ------------------------------------------------------------------------------------------
  // deletes

  void delete(ResourceKind kind, String namespace, String name, Propagation propagation) {
    Objects.requireNonNull(propagation, "propagation");
    if (kind == ResourceKind.NAMESPACE) {
      deleteNamespace(name);
      return;
    }
    state.locked(
        () -> {
          Key k = new Key(kind.namespaced() ? state.ns(namespace) : "", name);
          if (!deleteOne(kind, k, propagation)) {
            throw ClusterState.notFound(kind.apiKind(), k.namespace(), name);
          }
          return null;
        });
  }

  int deleteByLabel(
      ResourceKind kind, String namespace, Map<String, String> selector, Propagation propagation) {
    if (selector.isEmpty()) {
      throw KubernetesInvalidException.rejected(
          kind.apiKind(),
          namespace,
          "",
          "labelSelector",
          "an empty selector would delete every " + kind.apiKind() + "; name at least one label");
    }
    return state.locked(
        () -> {
          String n = state.ns(namespace);
          List<Key> victims = new ArrayList<>();
          switch (kind) {
            case DEPLOYMENT ->
                state.deployments.forEach(
                    (k, d) -> {
                      if (k.namespace().equals(n)
                          && ClusterState.matches(d.spec.labels(), selector)) {
                        victims.add(k);
                      }
                    });
            case POD ->
                state.pods.forEach(
                    (k, p) -> {
                      if (k.namespace().equals(n) && ClusterState.matches(p.labels, selector)) {
                        victims.add(k);
                      }
                    });
            default ->
                throw KubernetesInvalidException.rejected(
                    kind.apiKind(),
                    n,
                    "",
                    "kind",
                    "the in-memory cluster"
                        + " keeps labels only on Deployments and Pods; delete "
                        + kind.apiKind()
                        + " by name");
          }
          victims.forEach(k -> deleteOne(kind, k, propagation));
          return victims.size();
        });
  }

  /**
   * Deletes one object (under the lock). A deployment's pods go with it, unless orphaned: then they
   * lose their owner and live on, as with {@code --cascade=orphan}.
   */
  private boolean deleteOne(ResourceKind kind, Key k, Propagation propagation) {
    return switch (kind) {
      case DEPLOYMENT -> {
        DeploymentState d = state.deployments.remove(k);
        if (d != null) {
          state.reportedCpu.remove(k);
          for (PodState p : state.podsOf(k)) {
            if (propagation == Propagation.ORPHAN) {
              p.deployment = null;
              p.ownerName = "";
            } else {
              state.removePod(p.key);
            }
          }
        }
        yield d != null;
      }
      case SERVICE -> state.services.remove(k) != null;
      case CONFIG_MAP -> state.configMaps.remove(k) != null;
      case SECRET -> state.secrets.remove(k) != null;
      case HORIZONTAL_POD_AUTOSCALER -> state.autoscalers.remove(k) != null;
      case POD -> {
        boolean present = state.pods.containsKey(k);
        state.removePod(k);
        yield present;
      }
      case JOB -> {
        JobState j = state.jobs.remove(k);
        if (j != null) {
          for (PodState p : state.podsOfJob(k)) {
            if (propagation == Propagation.ORPHAN) {
              p.ownerName = "";
            } else {
              state.removePod(p.key);
            }
          }
        }
        yield j != null;
      }
      case STATEFUL_SET -> {
        StatefulSetState s = state.statefulSets.remove(k);
        if (s != null) {
          for (PodState p : state.podsOwnedBy(StatefulSetController.KIND, k)) {
            if (propagation == Propagation.ORPHAN) {
              p.ownerName = "";
            } else {
              state.removePod(p.key);
            }
          }
        }
        yield s != null;
      }
      case DAEMON_SET -> {
        DaemonSetState d = state.daemonSets.remove(k);
        if (d != null) {
          for (PodState p : state.podsOwnedBy(DaemonSetController.KIND, k)) {
            if (propagation == Propagation.ORPHAN) {
              p.ownerName = "";
            } else {
              state.removePod(p.key);
            }
          }
        }
        yield d != null;
      }
      case PERSISTENT_VOLUME_CLAIM -> state.claims.remove(k) != null;
      case INGRESS -> state.ingresses.remove(k) != null;
      case CRON_JOB -> {
        CronJobState c = state.cronJobs.remove(k);
        if (c != null && propagation != Propagation.ORPHAN) {
          CronJobController jobs = new CronJobController(state);
          c.jobs.forEach(j -> jobs.deleteJob(new Key(k.namespace(), j)));
        }
        yield c != null;
      }
      case POD_DISRUPTION_BUDGET -> state.budgets.remove(k) != null;
      case SERVICE_ACCOUNT -> state.serviceAccounts.remove(k) != null;
      case ROLE -> state.roles.remove(k) != null;
      case ROLE_BINDING -> state.roleBindings.remove(k) != null;
      case CLUSTER_ROLE -> state.clusterRoles.remove(k.name()) != null;
      case CLUSTER_ROLE_BINDING -> state.clusterRoleBindings.remove(k.name()) != null;
      case NAMESPACE ->
          throw new IllegalStateException("namespaces are deleted through deleteNamespace");
    };
  }
}
