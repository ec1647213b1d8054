package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.PodTemplate;
import dev.cloudnative.kubernetes.RollingUpdate;
import java.util.Map;

/**
 * A {@link PodTemplate} seen as the single-container {@link DeploymentSpec} whose template it is:
 * what validates it (with the Deployment's rules), what {@link ModelMapper} writes as {@code
 * spec.template}, and what the in-memory cluster's pods are made from.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class PodTemplates {

  private PodTemplates() {}

  /**
   * The Deployment of one replica with this template; throws {@link
   * dev.cloudnative.kubernetes.KubernetesInvalidException} naming the bad field (with the
   * Deployment's field paths, which are the template's).
   */
  public static DeploymentSpec asDeployment(
      String namespace, String name, Map<String, String> selector, PodTemplate t) {
    return new DeploymentSpec(
        namespace,
        name,
        t.image(),
        1,
        t.labels(),
        selector,
        t.containerName(),
        t.command(),
        t.args(),
        t.env(),
        t.ports(),
        t.resources(),
        t.livenessProbe(),
        t.readinessProbe(),
        RollingUpdate.DEFAULT,
        Map.of(),
        t.serviceAccount());
  }
}
