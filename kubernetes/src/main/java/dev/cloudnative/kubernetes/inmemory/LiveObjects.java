package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.ResourceSpec;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.internal.ObjectTree;
import dev.cloudnative.kubernetes.internal.SpecModels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The in-memory cluster's objects as the API would serve them, for plan and drift: the stored spec
 * of each object (as changed since by scale, image updates, autoscalers, ...; a cluster-scoped
 * object under the namespace {@code ""}) through the same mapper its apply uses, in {@link
 * ObjectTree canonical} form. A Service carries the ports the cluster allocated.
 *
 * <p>Not thread-safe by itself: called under the {@link ClusterState} lock.
 */
final class LiveObjects {

  private final ClusterState state;

  LiveObjects(ClusterState state) {
    this.state = state;
  }

  /** The live object {@code kind key}, empty when it does not exist. */
  Optional<Map<String, Object>> tree(ResourceKind kind, Key key) {
    String ns = key.namespace();
    String name = key.name();
    HasMetadata model =
        switch (kind) {
          case DEPLOYMENT -> spec(state.deployments.get(key), d -> d.spec, ns);
          case SERVICE -> {
            ServiceState s = state.services.get(key);
            yield s == null
                ? null
                : SpecModels.toModel(
                    new ServiceSpec(ns, name, s.type(), s.selector(), s.ports()), ns);
          }
          case CONFIG_MAP -> {
            Map<String, String> data = state.configMaps.get(key);
            yield data == null ? null : SpecModels.toModel(new ConfigMapSpec(ns, name, data), ns);
          }
          case SECRET -> {
            Map<String, String> data = state.secrets.get(key);
            yield data == null ? null : SpecModels.toModel(new SecretSpec(ns, name, data), ns);
          }
          case HORIZONTAL_POD_AUTOSCALER -> spec(state.autoscalers.get(key), a -> a.spec, ns);
          case JOB -> spec(state.jobs.get(key), j -> j.spec, ns);
          case STATEFUL_SET -> spec(state.statefulSets.get(key), s -> s.spec, ns);
          case DAEMON_SET -> spec(state.daemonSets.get(key), d -> d.spec, ns);
          case PERSISTENT_VOLUME_CLAIM -> spec(state.claims.get(key), c -> c.spec, ns);
          case INGRESS -> spec(state.ingresses.get(key), i -> i.spec, ns);
          case POD_DISRUPTION_BUDGET -> spec(state.budgets.get(key), b -> b.spec, ns);
          case CRON_JOB -> spec(state.cronJobs.get(key), c -> c.spec, ns);
          case SERVICE_ACCOUNT -> spec(state.serviceAccounts.get(key), a -> a, ns);
          case ROLE -> spec(state.roles.get(key), r -> r, ns);
          case ROLE_BINDING -> spec(state.roleBindings.get(key), b -> b, ns);
          case CLUSTER_ROLE -> spec(state.clusterRoles.get(name), r -> r, "");
          case CLUSTER_ROLE_BINDING -> spec(state.clusterRoleBindings.get(name), b -> b, "");
          default -> throw new IllegalStateException("not a plannable kind: " + kind);
        };
    return Optional.ofNullable(model).map(ObjectTree::of);
  }

  private static <S> HasMetadata spec(S state, Function<S, ResourceSpec> spec, String ns) {
    return state == null ? null : SpecModels.toModel(spec.apply(state), ns);
  }
}
