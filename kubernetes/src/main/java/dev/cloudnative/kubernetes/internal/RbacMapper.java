package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.ClusterRoleBindingSpec;
import dev.cloudnative.kubernetes.ClusterRoleSpec;
import dev.cloudnative.kubernetes.PolicyRule;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.RoleRef;
import dev.cloudnative.kubernetes.RoleSpec;
import dev.cloudnative.kubernetes.ServiceAccountSpec;
import dev.cloudnative.kubernetes.Subject;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates {@link ServiceAccountSpec}, {@link RoleSpec} and {@link RoleBindingSpec} into
 * fabric8's {@code v1} ServiceAccount and {@code rbac.authorization.k8s.io/v1} Role and
 * RoleBinding, and the objects (as a server stores them, or as a YAML document writes them) back
 * into the specs.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class RbacMapper {

  /** The API group of RBAC objects, and of User and Group subjects. */
  public static final String GROUP = "rbac.authorization.k8s.io";

  private RbacMapper() {}

  // ---- service accounts

  public static ServiceAccount toServiceAccount(ServiceAccountSpec spec, String namespace) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .withLabels(nullIfEmpty(spec.labels()))
        .withAnnotations(nullIfEmpty(spec.annotations()))
        .endMetadata()
        .withImagePullSecrets(
            spec.imagePullSecrets().isEmpty()
                ? null
                : spec.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
        .withAutomountServiceAccountToken(spec.automountToken().orElse(null))
        .build();
  }

  public static ServiceAccountSpec toServiceAccountSpec(ServiceAccount sa) {
    var m = sa.getMetadata();
    List<String> pullSecrets =
        sa.getImagePullSecrets() == null
            ? List.of()
            : sa.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
    return new ServiceAccountSpec(
        m.getNamespace(),
        m.getName(),
        orEmpty(m.getLabels()),
        userAnnotations(m.getAnnotations()),
        pullSecrets,
        Optional.ofNullable(sa.getAutomountServiceAccountToken()));
  }

  // ---- roles

  public static Role toRole(RoleSpec spec, String namespace) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .withLabels(nullIfEmpty(spec.labels()))
        .endMetadata()
        .withRules(spec.rules().stream().map(RbacMapper::toRule).toList())
        .build();
  }

  private static io.fabric8.kubernetes.api.model.rbac.PolicyRule toRule(PolicyRule r) {
    return new PolicyRuleBuilder()
        .withApiGroups(new ArrayList<>(r.apiGroups()))
        .withResources(new ArrayList<>(r.resources()))
        .withVerbs(new ArrayList<>(r.verbs()))
        .withResourceNames(r.resourceNames().isEmpty() ? null : new ArrayList<>(r.resourceNames()))
        .build();
  }

  public static RoleSpec toRoleSpec(Role r) {
    var m = r.getMetadata();
    return new RoleSpec(m.getNamespace(), m.getName(), orEmpty(m.getLabels()), rules(r.getRules()));
  }

  private static List<PolicyRule> rules(List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> in) {
    List<PolicyRule> rules = new ArrayList<>();
    if (in != null) {
      for (var rule : in) {
        rules.add(
            new PolicyRule(
                orEmpty(rule.getApiGroups()),
                orEmpty(rule.getResources()),
                orEmpty(rule.getVerbs()),
                orEmpty(rule.getResourceNames())));
      }
    }
    return rules;
  }

  public static ClusterRole toClusterRole(ClusterRoleSpec spec) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withLabels(nullIfEmpty(spec.labels()))
        .endMetadata()
        .withRules(spec.rules().stream().map(RbacMapper::toRule).toList())
        .build();
  }

  public static ClusterRoleSpec toClusterRoleSpec(ClusterRole r) {
    var m = r.getMetadata();
    return new ClusterRoleSpec(m.getName(), orEmpty(m.getLabels()), rules(r.getRules()));
  }

  // ---- role bindings

  public static RoleBinding toRoleBinding(RoleBindingSpec spec, String namespace) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .withLabels(nullIfEmpty(spec.labels()))
        .endMetadata()
        .withRoleRef(
            new RoleRefBuilder()
                .withApiGroup(GROUP)
                .withKind(spec.roleRef().kind())
                .withName(spec.roleRef().name())
                .build())
        .withSubjects(toSubjects(spec.subjects()))
        .build();
  }

  private static List<io.fabric8.kubernetes.api.model.rbac.Subject> toSubjects(List<Subject> in) {
    return in.stream()
        .map(
            s ->
                new SubjectBuilder()
                    .withKind(s.kind())
                    .withName(s.name())
                    .withNamespace(s.namespace().orElse(null))
                    .withApiGroup(s.kind().equals("ServiceAccount") ? "" : GROUP)
                    .build())
        .toList();
  }

  private static List<Subject> subjects(List<io.fabric8.kubernetes.api.model.rbac.Subject> in) {
    List<Subject> subjects = new ArrayList<>();
    if (in != null) {
      for (var s : in) {
        subjects.add(
            new Subject(
                s.getKind(),
                s.getName(),
                Optional.ofNullable(s.getNamespace()).filter(n -> !n.isEmpty())));
      }
    }
    return subjects;
  }

  public static ClusterRoleBinding toClusterRoleBinding(ClusterRoleBindingSpec spec) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withLabels(nullIfEmpty(spec.labels()))
        .endMetadata()
        .withRoleRef(
            new RoleRefBuilder()
                .withApiGroup(GROUP)
                .withKind("ClusterRole")
                .withName(spec.clusterRole())
                .build())
        .withSubjects(toSubjects(spec.subjects()))
        .build();
  }

  public static ClusterRoleBindingSpec toClusterRoleBindingSpec(ClusterRoleBinding b) {
    var m = b.getMetadata();
    var ref = b.getRoleRef();
    if (ref != null && ref.getKind() != null && !ref.getKind().equals("ClusterRole")) {
      throw dev.cloudnative.kubernetes.KubernetesInvalidException.rejected(
          "ClusterRoleBinding",
          "",
          m.getName(),
          "roleRef.kind",
          "a ClusterRoleBinding grants a ClusterRole, found '" + ref.getKind() + "'");
    }
    return new ClusterRoleBindingSpec(
        m.getName(),
        orEmpty(m.getLabels()),
        ref == null || ref.getName() == null ? "" : ref.getName(),
        subjects(b.getSubjects()));
  }

  public static RoleBindingSpec toRoleBindingSpec(RoleBinding b) {
    var m = b.getMetadata();
    var ref = b.getRoleRef();
    List<Subject> subjects = subjects(b.getSubjects());
    return new RoleBindingSpec(
        m.getNamespace(),
        m.getName(),
        orEmpty(m.getLabels()),
        new RoleRef(
            ref == null || ref.getKind() == null ? "" : ref.getKind(),
            ref == null || ref.getName() == null ? "" : ref.getName()),
        subjects);
  }

  /**
   * The annotations a user wrote: without the appliers' bookkeeping ({@code
   * cloudnative.dev/last-applied-configuration}, kubectl's {@code
   * kubectl.kubernetes.io/last-applied-configuration}).
   */
  private static Map<String, String> userAnnotations(Map<String, String> annotations) {
    if (annotations == null) {
      return Map.of();
    }
    Map<String, String> user = new LinkedHashMap<>(annotations);
    user.keySet().removeIf(k -> k.endsWith("/last-applied-configuration"));
    return user;
  }

  private static <K, V> Map<K, V> nullIfEmpty(Map<K, V> m) {
    return m.isEmpty() ? null : new LinkedHashMap<>(m);
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
