package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Specs validate at the boundary, naming the field, the value found and the rule. */
class SpecValidationTest {

  @Test
  void deploymentDefaultsReadAsKubernetesWould() {
    DeploymentSpec spec = DeploymentSpec.named("web").running("nginx:1.27").build();
    assertThat(spec.replicas()).isEqualTo(1);
    assertThat(spec.labels()).isEqualTo(Map.of("app", "web"));
    assertThat(spec.selector()).isEqualTo(Map.of("app", "web"));
    assertThat(spec.containerName()).isEqualTo("web");
    assertThat(spec.strategy()).isEqualTo(RollingUpdate.DEFAULT);
    assertThat(spec.namespace()).isNull();
    assertThat(spec.namespaceOr("shop")).isEqualTo("shop");
    assertThat(spec.toBuilder().withReplicas(3).build().replicas()).isEqualTo(3);
  }

  @Test
  void namesFollowDns1123WithTheRuleInTheMessage() {
    assertThatThrownBy(() -> DeploymentSpec.named("My_App").running("x:1").build())
        .isInstanceOfSatisfying(
            KubernetesInvalidException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("Deployment");
              assertThat(e.statusCode()).isZero();
              assertThat(e.causes())
                  .singleElement()
                  .extracting(KubernetesInvalidException.FieldCause::field)
                  .isEqualTo("metadata.name");
            })
        .hasMessageContaining("'My_App'")
        .hasMessageContaining("DNS-1123 subdomain")
        .hasMessageContaining("rejected before any call");
    assertThatThrownBy(() -> ServiceSpec.named("web.api").port(80).build())
        .hasMessageContaining("DNS-1035 label");
    assertThatThrownBy(() -> ServiceSpec.named("1web").port(80).build())
        .hasMessageContaining("starting with a letter");
    assertThatThrownBy(() -> DeploymentSpec.named("web").running("x").inNamespace("Shop").build())
        .hasMessageContaining("DNS-1123 label");
    assertThatThrownBy(() -> DeploymentSpec.named("a".repeat(254)).running("x").build())
        .isInstanceOf(KubernetesInvalidException.class);
  }

  @Test
  void replicasPortsAndImagesAreChecked() {
    assertThatThrownBy(() -> DeploymentSpec.named("web").running("x:1").withReplicas(-1).build())
        .hasMessageContaining("spec.replicas")
        .hasMessageContaining("found -1");
    assertThatThrownBy(() -> DeploymentSpec.named("web").running("x:1").withPort(70000).build())
        .hasMessageContaining("between 1 and 65535")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> DeploymentSpec.named("web").running("").build())
        .hasMessageContaining("image")
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> DeploymentSpec.named("web").build())
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> DeploymentSpec.named("web").running("nginx latest").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("not a valid image reference");
    // Docker's reference grammar: a lower-case path, a tag of word characters, a digest
    // algorithm:hex
    for (String bad :
        List.of(
            "Shop:1.0",
            "registry.local/Shop:1.0",
            "shop:-1",
            "shop:1.0@sha256:xyz",
            "shop::1",
            "/shop",
            "shop/",
            "shop:" + "x".repeat(129))) {
      assertThatThrownBy(() -> DeploymentSpec.named("web").running(bad).build())
          .as(bad)
          .isInstanceOf(KubernetesInvalidException.class)
          .hasMessageContaining("'" + bad + "'")
          .hasMessageContaining("InvalidImageName");
    }
    for (String good :
        List.of(
            "shop",
            "shop:1.0",
            "Registry.Local:5000/team/shop:v1_2.3",
            "localhost:5000/shop",
            "ghcr.io/a/b-c__d.e:latest",
            "shop@sha256:" + "a".repeat(64),
            "shop:1@sha256:" + "b".repeat(64))) {
      assertThat(DeploymentSpec.named("web").running(good).build().image()).isEqualTo(good);
    }
    assertThatThrownBy(() -> ServiceSpec.named("web").port(80).to(0).build())
        .hasMessageContaining("targetPort");
    assertThatThrownBy(() -> ServiceSpec.named("web").port(80).onNodePort(30080).to(80).build())
        .hasMessageContaining("needs type NodePort");
    assertThatThrownBy(() -> ServiceSpec.named("web").build())
        .hasMessageContaining("at least one port");
    assertThatThrownBy(() -> ServiceSpec.named("web").port(80).port(81).build())
        .hasMessageContaining("must be named");
  }

  @Test
  void envLabelsAndSelectorsAreChecked() {
    assertThatThrownBy(
            () -> DeploymentSpec.named("web").running("x:1").withEnv("1BAD", "v").build())
        .hasMessageContaining("environment variable name");
    assertThatThrownBy(
            () -> DeploymentSpec.named("web").running("x:1").withLabel("bad key!", "v").build())
        .hasMessageContaining("label key");
    assertThatThrownBy(
            () ->
                DeploymentSpec.named("web")
                    .running("x:1")
                    .selectedBy(Map.of("tier", "web"))
                    .build())
        .hasMessageContaining("does not match the pod labels");
    DeploymentSpec ok =
        DeploymentSpec.named("web")
            .running("x:1")
            .withLabel("tier", "web")
            .selectedBy(Map.of("tier", "web"))
            .build();
    assertThat(ok.labels()).containsEntry("app", "web").containsEntry("tier", "web");
  }

  @Test
  void resourcesProbesAndStrategyAreChecked() {
    assertThatThrownBy(() -> ResourceRequirements.requests("lots", "64Mi"))
        .hasMessageContaining("'lots'")
        .hasMessageContaining("quantity");
    assertThat(ResourceRequirements.requests("250m", "1.5Gi").limits("1", "2G").cpuLimit())
        .isEqualTo("1");
    assertThatThrownBy(() -> RollingUpdate.of(0, 0)).hasMessageContaining("may not both be 0");
    assertThatThrownBy(() -> new RollingUpdate("ten", "1")).hasMessageContaining("percentage");
    assertThatThrownBy(() -> Probe.http("healthz", 8080)).hasMessageContaining("absolute path");
    assertThatThrownBy(() -> Probe.tcp(0)).hasMessageContaining("between 1 and 65535");
    assertThatThrownBy(Probe::exec).hasMessageContaining("at least one argument");
    assertThat(Probe.exec("cat", "/tmp/ready").command()).containsExactly("cat", "/tmp/ready");
    assertThatThrownBy(() -> AutoscalerSpec.scale("web").between(5, 2).targetingCpu(50))
        .hasMessageContaining("min 5, max 2");
    assertThatThrownBy(() -> AutoscalerSpec.scale("web").between(1, 2).targetingCpu(0))
        .hasMessageContaining("positive percentage");
    assertThatThrownBy(() -> LogOptions.all().tail(-5))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("-5")
        .hasMessageContaining("0 or more");
  }

  @Test
  void logOptionsUseOptionalsAndRejectWhatTheyCannotMean() {
    LogOptions all = LogOptions.all();
    assertThat(all.tail()).isEmpty();
    assertThat(all.since()).isEmpty();
    assertThat(all.container()).isEmpty();
    java.time.Instant at = java.time.Instant.parse("2030-01-01T00:00:00Z");
    LogOptions some = all.tail(5).since(at).container("app");
    assertThat(some.tail()).hasValue(5);
    assertThat(some.since()).contains(at);
    assertThat(some.container()).contains("app");
    assertThat(all.tail(0).tail()).hasValue(0);
    assertThatThrownBy(() -> all.since(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("instant");
    assertThatThrownBy(() -> all.container(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> all.container(" "))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("container");
  }

  @Test
  void rolloutStatusFollowsKubectlSemantics() {
    RolloutStatus stale = new RolloutStatus("ns", "web", 2, 1, 3, 3, 3, 3, 3, 0);
    assertThat(stale.complete()).isFalse();
    assertThat(stale.describe()).contains("spec update to be observed");

    RolloutStatus surging = new RolloutStatus("ns", "web", 2, 2, 3, 4, 1, 3, 3, 0);
    assertThat(surging.complete()).isFalse();
    assertThat(surging.describe()).contains("1 out of 3 new replicas have been updated");

    RolloutStatus draining = new RolloutStatus("ns", "web", 2, 2, 3, 4, 3, 4, 4, 0);
    assertThat(draining.complete()).isFalse();
    assertThat(draining.describe()).contains("old replicas are pending termination");

    RolloutStatus unavailable = new RolloutStatus("ns", "web", 2, 2, 3, 3, 3, 2, 2, 1);
    assertThat(unavailable.complete()).isFalse();
    assertThat(unavailable.describe()).contains("2 of 3 updated replicas are available");

    RolloutStatus done = new RolloutStatus("ns", "web", 2, 2, 3, 3, 3, 3, 3, 0);
    assertThat(done.complete()).isTrue();
    assertThat(done.describe()).contains("successfully rolled out");
  }
}
