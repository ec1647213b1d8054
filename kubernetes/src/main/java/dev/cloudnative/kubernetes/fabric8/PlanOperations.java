package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.DriftStatus;
import dev.cloudnative.kubernetes.PlannedChange;
import dev.cloudnative.kubernetes.ResourceDrift;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.ResourceRef;
import dev.cloudnative.kubernetes.ResourceSpec;
import dev.cloudnative.kubernetes.internal.LastApplied;
import dev.cloudnative.kubernetes.internal.ManagedFields;
import dev.cloudnative.kubernetes.internal.ObjectDiff;
import dev.cloudnative.kubernetes.internal.ObjectTree;
import dev.cloudnative.kubernetes.internal.SpecModels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plan and drift on a real API server. A plan sends each spec as the apply would (same mapper, same
 * {@link LastApplied} annotation, same field manager) with server-side apply and {@code
 * dryRun=All}, and compares the server's answer with the live object in full ({@link
 * ObjectDiff#full}), ignoring what the server manages ({@link ObjectTree}). A server that refuses
 * server-side apply (415, as fabric8's mock does; the flag is the cluster's, shared with apply) or
 * answers it with 404/405 gets a client-side comparison instead, logged with its reason and marked
 * {@code serverDryRun=false}: the fields the spec sets, and those the SDK applied last time (which
 * the apply would remove), against the live object, without the server's defaulting or admission.
 * The fallback never writes: a create or update with {@code dryRun} is not attempted, because a
 * server that refuses server-side apply may also ignore {@code dryRun} (fabric8's mock does).
 *
 * <p>Drift compares the fields recorded in the object's {@link LastApplied} annotation with the
 * live values and names the manager that owns each drifted value from {@code
 * metadata.managedFields} ({@link ManagedFields}), where the server keeps them.
 *
 * <p>Thread-safe: the client is, and the only mutable state is the cluster's atomic SSA flag.
 */
final class PlanOperations {

  private static final Logger LOG = LoggerFactory.getLogger(PlanOperations.class);

  private final KubernetesClient client;
  private final String fieldManager;
  private final boolean forceConflicts;
  private final AtomicBoolean serverSideApplyRefused;

  PlanOperations(
      KubernetesClient client,
      String fieldManager,
      boolean forceConflicts,
      AtomicBoolean serverSideApplyRefused) {
    this.client = client;
    this.fieldManager = fieldManager;
    this.forceConflicts = forceConflicts;
    this.serverSideApplyRefused = serverSideApplyRefused;
  }

  private static <T> T call(String kind, String namespace, String name, Supplier<T> op) {
    try {
      return op.get();
    } catch (KubernetesClientException e) {
      throw Errors.map(e, kind, namespace, name);
    }
  }

  /** The planned change of one spec, whose namespace the caller resolved. */
  PlannedChange plan(ResourceSpec spec, String namespace) {
    ResourceKind kind = SpecModels.kind(spec);
    String k = kind.apiKind();
    String name = spec.name();
    HasMetadata desired = LastApplied.annotate(SpecModels.toModel(spec, namespace));
    ResourceRef ref = new ResourceRef(k, namespace, name);
    boolean secret = kind == ResourceKind.SECRET;
    HasMetadata live = call(k, namespace, name, () -> client.resource(desired).get());
    Map<String, Object> desiredTree = ObjectTree.of(desired);
    if (!serverSideApplyRefused.get()) {
      try {
        var op = client.resource(desired).dryRun().fieldManager(fieldManager);
        HasMetadata result =
            forceConflicts ? op.forceConflicts().serverSideApply() : op.serverSideApply();
        if (live == null) {
          return ObjectDiff.created(ref, desiredTree, true);
        }
        return ObjectDiff.planned(
            ref, ObjectDiff.full(ObjectTree.of(live), ObjectTree.of(result)), secret, true);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 415) {
          LOG.info(
              "API server refused server-side apply (415): plans are client-side comparisons from"
                  + " now on, without the server's defaulting and admission");
          serverSideApplyRefused.set(true);
        } else if (e.getCode() == 404 || e.getCode() == 405) {
          LOG.info(
              "dry-run server-side apply of {} {}/{} answered {}: planning it by a client-side"
                  + " comparison",
              k,
              namespace,
              name,
              e.getCode());
        } else {
          throw Errors.map(e, k, namespace, name);
        }
      }
    }
    if (live == null) {
      return ObjectDiff.created(ref, desiredTree, false);
    }
    Map<String, Object> scope =
        LastApplied.of(live).map(la -> ObjectDiff.union(desiredTree, la)).orElse(desiredTree);
    return ObjectDiff.planned(
        ref, ObjectDiff.within(ObjectTree.of(live), desiredTree, scope), secret, false);
  }

  /** The drift of one object, whose kind the caller checked and namespace it resolved. */
  ResourceDrift drift(ResourceKind kind, String namespace, String name) {
    ResourceRef ref = new ResourceRef(kind.apiKind(), namespace, name);
    HasMetadata live =
        call(
            kind.apiKind(),
            namespace,
            name,
            () ->
                kind.namespaced()
                    ? client.resources(type(kind)).inNamespace(namespace).withName(name).get()
                    : client.resources(type(kind)).withName(name).get());
    if (live == null) {
      return new ResourceDrift(ref, DriftStatus.MISSING, List.of());
    }
    Optional<Map<String, Object>> applied = LastApplied.of(live);
    if (applied.isEmpty()) {
      return new ResourceDrift(ref, DriftStatus.NOT_APPLIED, List.of());
    }
    List<Map<String, Object>> managed = ObjectTree.managedFields(live);
    return ObjectDiff.drift(
        ref,
        applied.get(),
        ObjectTree.of(live),
        (path, value) -> ManagedFields.managerOf(managed, path));
  }

  private static Class<? extends HasMetadata> type(ResourceKind kind) {
    return switch (kind) {
      case DEPLOYMENT -> Deployment.class;
      case SERVICE -> Service.class;
      case CONFIG_MAP -> ConfigMap.class;
      case SECRET -> Secret.class;
      case HORIZONTAL_POD_AUTOSCALER -> HorizontalPodAutoscaler.class;
      case JOB -> Job.class;
      case STATEFUL_SET -> StatefulSet.class;
      case DAEMON_SET -> DaemonSet.class;
      case PERSISTENT_VOLUME_CLAIM -> PersistentVolumeClaim.class;
      case INGRESS -> Ingress.class;
      case POD_DISRUPTION_BUDGET -> PodDisruptionBudget.class;
      case CRON_JOB -> CronJob.class;
      case SERVICE_ACCOUNT -> ServiceAccount.class;
      case ROLE -> Role.class;
      case ROLE_BINDING -> RoleBinding.class;
      case CLUSTER_ROLE -> ClusterRole.class;
      case CLUSTER_ROLE_BINDING -> ClusterRoleBinding.class;
      default -> throw new IllegalStateException("not a plannable kind: " + kind);
    };
  }
}
