package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.IngressRoute;
import dev.cloudnative.kubernetes.IngressSpec;
import dev.cloudnative.kubernetes.IngressStatus;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Translates {@link IngressSpec} into fabric8's {@code networking.k8s.io/v1} Ingress and an Ingress
 * back into {@link IngressStatus}.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class IngressMapper {

  private IngressMapper() {}

  public static Ingress toIngress(IngressSpec spec, String namespace) {
    // one rule per host, in order of first appearance; paths in the order given
    Map<Optional<String>, List<HTTPIngressPath>> byHost = new LinkedHashMap<>();
    for (IngressRoute r : spec.routes()) {
      byHost
          .computeIfAbsent(r.host(), h -> new ArrayList<>())
          .add(
              new HTTPIngressPathBuilder()
                  .withPath(r.path())
                  .withPathType(r.pathType().apiName())
                  .withNewBackend()
                  .withNewService()
                  .withName(r.service())
                  .withNewPort()
                  .withNumber(r.servicePort())
                  .endPort()
                  .endService()
                  .endBackend()
                  .build());
    }
    List<IngressRule> rules = new ArrayList<>();
    byHost.forEach(
        (host, paths) ->
            rules.add(
                new IngressRuleBuilder()
                    .withHost(host.orElse(null))
                    .withNewHttp()
                    .withPaths(paths)
                    .endHttp()
                    .build()));
    IngressBuilder b =
        new IngressBuilder()
            .withNewMetadata()
            .withName(spec.name())
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withIngressClassName(spec.ingressClass().orElse(null))
            .withRules(rules)
            .endSpec();
    spec.tlsSecret()
        .ifPresent(
            secret ->
                b.editSpec()
                    .withTls(
                        new IngressTLSBuilder()
                            .withSecretName(secret)
                            .withHosts(spec.tlsHosts())
                            .build())
                    .endSpec());
    return b.build();
  }

  /** The backend Service names of every path, in order of first use. */
  public static List<String> backends(Ingress i) {
    Set<String> names = new LinkedHashSet<>();
    if (i.getSpec() != null && i.getSpec().getRules() != null) {
      for (IngressRule rule : i.getSpec().getRules()) {
        if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
          continue;
        }
        for (HTTPIngressPath p : rule.getHttp().getPaths()) {
          if (p.getBackend() != null && p.getBackend().getService() != null) {
            names.add(p.getBackend().getService().getName());
          }
        }
      }
    }
    return List.copyOf(names);
  }

  /**
   * The Ingress's status.
   *
   * @param served whether a backend Service has an Endpoints object or is {@code ExternalName}
   */
  public static IngressStatus status(Ingress i, Predicate<String> served) {
    List<String> backends = backends(i);
    List<String> ingress = new ArrayList<>();
    if (i.getStatus() != null
        && i.getStatus().getLoadBalancer() != null
        && i.getStatus().getLoadBalancer().getIngress() != null) {
      for (IngressLoadBalancerIngress lb : i.getStatus().getLoadBalancer().getIngress()) {
        String address =
            lb.getIp() != null && !lb.getIp().isEmpty() ? lb.getIp() : lb.getHostname();
        if (address != null && !address.isEmpty()) {
          ingress.add(address);
        }
      }
    }
    return new IngressStatus(
        i.getMetadata().getNamespace(),
        i.getMetadata().getName(),
        backends,
        backends.stream().filter(served.negate()).toList(),
        ingress,
        false); // a real ingress controller's address
  }
}
