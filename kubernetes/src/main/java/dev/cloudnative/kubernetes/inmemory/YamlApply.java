package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.AutoscalerSpec;
import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.ResourceRef;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.internal.ModelMapper;
import dev.cloudnative.kubernetes.internal.Validation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code kubectl apply -f} for the in-memory cluster. Documents are parsed with fabric8's model, so
 * that they mean what they mean on a real server, and mapped to the module's specs by the same
 * {@link ModelMapper} the real cluster uses. Every document is parsed and mapped before the first
 * is applied: a kind the simulation does not model rejects the whole file with nothing applied,
 * rather than leaving half of it behind.
 *
 * <p>Thread-safe: parsing holds no lock; each apply takes the {@link ClusterState} lock through
 * {@link ClusterObjects}, one document at a time.
 */
final class YamlApply {

  private final ClusterState state;
  private final ClusterObjects objects;
  private final FieldLedger ledger;

  /**
   * The documents of the kinds after HorizontalPodAutoscaler (StatefulSet ... RoleBinding): mapped
   * to their typed spec at once, returning the apply to run later; empty for a kind the simulation
   * does not model.
   */
  private final java.util.function.Function<HasMetadata, java.util.Optional<Runnable>> moreKinds;

  YamlApply(ClusterState state, ClusterObjects objects, FieldLedger ledger) {
    this(state, objects, ledger, h -> java.util.Optional.empty());
  }

  YamlApply(
      ClusterState state,
      ClusterObjects objects,
      FieldLedger ledger,
      java.util.function.Function<HasMetadata, java.util.Optional<Runnable>> moreKinds) {
    this.state = state;
    this.objects = objects;
    this.ledger = ledger;
    this.moreKinds = moreKinds;
  }

  List<ResourceRef> apply(String namespace, InputStream yaml) {
    state.checkOpen();
    String target = namespace == null ? state.defaultNamespace : Validation.namespace(namespace);
    List<Object> docs = parse(target, yaml);
    List<Runnable> actions = new ArrayList<>();
    List<ResourceRef> refs = new ArrayList<>();
    for (Object doc : docs) {
      if (doc == null) {
        continue;
      }
      if (doc instanceof Namespace n) {
        actions.add(() -> objects.ensureNamespace(n.getMetadata().getName()));
        refs.add(new ResourceRef("Namespace", "", n.getMetadata().getName()));
        continue;
      }
      if (!(doc instanceof HasMetadata h)) {
        throw KubernetesInvalidException.rejected(
            "", target, "", "kind", "not a Kubernetes object: " + doc);
      }
      if (h.getMetadata().getNamespace() == null) {
        h.getMetadata().setNamespace(target);
      }
      String ns = h.getMetadata().getNamespace();
      String name = h.getMetadata().getName();
      if (h instanceof Deployment d) {
        DeploymentSpec spec = ModelMapper.toDeploymentSpec(d);
        actions.add(
            () -> {
              objects.apply(spec);
              ledger.applied(spec); // drift then compares with it, as on a real server
            });
      } else if (h instanceof Service s) {
        ServiceSpec spec = ModelMapper.toServiceSpec(s);
        actions.add(
            () -> {
              objects.apply(spec);
              ledger.applied(spec); // drift then compares with it, as on a real server
            });
      } else if (h instanceof ConfigMap c) {
        ConfigMapSpec spec = ModelMapper.toConfigMapSpec(c);
        actions.add(
            () -> {
              objects.apply(spec);
              ledger.applied(spec); // drift then compares with it, as on a real server
            });
      } else if (h instanceof Secret s) {
        SecretSpec spec = ModelMapper.toSecretSpec(s);
        actions.add(
            () -> {
              objects.apply(spec);
              ledger.applied(spec); // drift then compares with it, as on a real server
            });
      } else if (h instanceof HorizontalPodAutoscaler a) {
        AutoscalerSpec spec = ModelMapper.toAutoscalerSpec(a);
        actions.add(
            () -> {
              objects.apply(spec);
              ledger.applied(spec); // drift then compares with it, as on a real server
            });
      } else {
        java.util.Optional<Runnable> action = moreKinds.apply(h);
        if (action.isPresent()) {
          actions.add(action.get());
          boolean namespaced = h instanceof io.fabric8.kubernetes.api.model.Namespaced;
          refs.add(new ResourceRef(h.getKind(), namespaced ? ns : "", name));
          continue;
        }
        throw KubernetesInvalidException.rejected(
            h.getKind(),
            ns,
            name,
            "kind",
            "the in-memory cluster does not"
                + " simulate "
                + h.getApiVersion()
                + "/"
                + h.getKind()
                + "; supported: Namespace, Deployment, Service,"
                + " ConfigMap, Secret, autoscaling/v2 HorizontalPodAutoscaler, apps/v1"
                + " StatefulSet and DaemonSet, batch/v1 Job and CronJob, networking.k8s.io/v1"
                + " Ingress, policy/v1 PodDisruptionBudget, PersistentVolumeClaim,"
                + " ServiceAccount, rbac.authorization.k8s.io/v1 Role and RoleBinding");
      }
      refs.add(new ResourceRef(h.getKind(), ns, name));
    }
    actions.forEach(Runnable::run);
    return List.copyOf(refs);
  }

  private static List<Object> parse(String target, InputStream yaml) {
    List<Object> docs = new ArrayList<>();
    try {
      Object parsed = Parser.SERIALIZATION.unmarshal(yaml);
      if (parsed instanceof KubernetesList list) {
        docs.addAll(list.getItems());
      } else if (parsed instanceof Collection<?> c) {
        docs.addAll(c);
      } else if (parsed != null) {
        docs.add(parsed);
      }
    } catch (RuntimeException e) {
      throw KubernetesInvalidException.unparsableYaml(target, e);
    }
    return docs;
  }

  /**
   * Holds the parser, built on first use: building it scans every model class, which takes a while.
   */
  private static final class Parser {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  }
}
