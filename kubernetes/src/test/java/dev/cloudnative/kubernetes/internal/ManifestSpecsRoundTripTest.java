package dev.cloudnative.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.ClusterRoleBindingSpec;
import dev.cloudnative.kubernetes.ClusterRoleSpec;
import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.IngressRoute;
import dev.cloudnative.kubernetes.IngressSpec;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;
import dev.cloudnative.kubernetes.PolicyRule;
import dev.cloudnative.kubernetes.Probe;
import dev.cloudnative.kubernetes.ResourceRequirements;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.RoleSpec;
import dev.cloudnative.kubernetes.ServiceAccountSpec;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import dev.cloudnative.kubernetes.Subject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every kind's manifest, as the fabric8 cluster sends it, read back by {@link ManifestSpecs} and
 * {@link RbacMapper} (the in-memory cluster's YAML path) is the spec it was written from: a YAML
 * document means on the simulation what the typed spec means.
 */
class ManifestSpecsRoundTripTest {

  private static final String NS = "shop";

  @Test
  void statefulSets() {
    StatefulSetSpec s =
        StatefulSetSpec.named("db")
            .running("postgres:16")
            .inNamespace(NS)
            .withReplicas(3)
            .withLabel("tier", "data")
            .withServiceName("db-headless")
            .withCommand("postgres")
            .withArgs("-c", "fsync=off")
            .withEnv("PGDATA", "/data")
            .withEnvFromSecret("PGPASSWORD", "db", "password")
            .withPort("pg", 5432)
            .withResources(ResourceRequirements.requests("250m", "256Mi").limits("1", "1Gi"))
            .withReadinessProbe(Probe.tcp(5432))
            .withPartition(1)
            .withServiceAccount("db")
            .build();
    assertThat(ManifestSpecs.toStatefulSetSpec(StatefulSetMapper.toStatefulSet(s, NS)))
        .isEqualTo(s);
  }

  @Test
  void deploymentsWithTheirServiceAccount() {
    DeploymentSpec d =
        DeploymentSpec.named("web")
            .running("nginx:1.27")
            .inNamespace(NS)
            .withReplicas(2)
            .withPort("http", 80)
            .withPodAnnotation("prometheus.io/scrape", "true")
            .withServiceAccount("web")
            .build();
    var manifest = ModelMapper.toDeployment(d, NS);
    assertThat(manifest.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("web");
    assertThat(ModelMapper.toDeploymentSpec(manifest)).isEqualTo(d);
    assertThat(d.toBuilder().build()).isEqualTo(d);
  }

  @Test
  void daemonSetsWithTheirServiceAccount() {
    DaemonSetSpec d =
        DaemonSetSpec.named("agent")
            .running("fluent/fluent-bit:3.1")
            .inNamespace(NS)
            .withLabel("team", "ops")
            .withPort("metrics", 2020)
            .withLivenessProbe(Probe.http("/healthz", 2020))
            .withServiceAccount("log-agent")
            .withMaxUnavailable("25%")
            .build();
    var manifest = DaemonSetMapper.toDaemonSet(d, NS);
    assertThat(manifest.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("log-agent");
    assertThat(ManifestSpecs.toDaemonSetSpec(manifest)).isEqualTo(d);
    assertThat(d.template().serviceAccount()).contains("log-agent");
  }

  @Test
  void jobsAndCronJobs() {
    JobSpec j =
        JobSpec.named("migrate")
            .running("flyway/flyway:10")
            .inNamespace(NS)
            .withArgs("migrate")
            .withEnv("MODE", "full")
            .withEnvFromConfigMap("URL", "db", "url")
            .withLabel("team", "data")
            .restartPolicy(JobSpec.RestartPolicy.ON_FAILURE)
            .withBackoffLimit(2)
            .withActiveDeadline(Duration.ofMinutes(10))
            .withTtlAfterFinished(Duration.ofHours(1))
            .withCompletions(3)
            .withParallelism(2)
            .withWorkingDir("/work")
            .withHostPath("/srv/cache", "/cache")
            .withServiceAccount("migrator")
            .build();
    assertThat(ManifestSpecs.toJobSpec(JobMapper.toJob(j, NS))).isEqualTo(j);

    CronJobSpec c =
        CronJobSpec.named("report")
            .inNamespace(NS)
            .onSchedule("*/15 * * * *")
            .inTimeZone("Europe/Paris")
            .withConcurrencyPolicy(CronJobSpec.ConcurrencyPolicy.REPLACE)
            .suspended(true)
            .keepingHistory(5, 2)
            .running(j)
            .build();
    CronJobSpec read = ManifestSpecs.toCronJobSpec(CronJobMapper.toCronJob(c, NS));
    // the template's own name is replaced by the CronJob's on the way (each run is named after it)
    assertThat(read).isEqualTo(c.toBuilder().running(JobSpecs.renamed(j, NS, "report")).build());
  }

  @Test
  void ingressesBudgetsAndClaims() {
    IngressSpec i =
        IngressSpec.named("shop")
            .inNamespace(NS)
            .withClass("nginx")
            .route("shop.example.com", "/", "web", 80)
            .route("shop.example.com", "/api", "api", 8080)
            .route(null, "/status", IngressRoute.PathType.EXACT, "status", 9000)
            .withTls("shop-tls", "shop.example.com")
            .build();
    assertThat(ManifestSpecs.toIngressSpec(IngressMapper.toIngress(i, NS))).isEqualTo(i);

    for (PodDisruptionBudgetSpec b :
        new PodDisruptionBudgetSpec[] {
          PodDisruptionBudgetSpec.named("web").inNamespace(NS).minAvailable("50%").build(),
          PodDisruptionBudgetSpec.named("web")
              .inNamespace(NS)
              .selecting(Map.of("app", "web", "tier", "front"))
              .maxUnavailable("1")
              .build()
        }) {
      assertThat(ManifestSpecs.toBudgetSpec(DisruptionBudgetMapper.toBudget(b, NS))).isEqualTo(b);
    }

    PersistentVolumeClaimSpec claim =
        PersistentVolumeClaimSpec.named("data")
            .inNamespace(NS)
            .requesting("10Gi")
            .withAccessMode(PersistentVolumeClaimSpec.AccessMode.READ_WRITE_MANY)
            .withStorageClass("fast")
            .build();
    assertThat(ManifestSpecs.toClaimSpec(ClaimMapper.toClaim(claim, NS))).isEqualTo(claim);
  }

  @Test
  void rbacKinds() {
    ServiceAccountSpec sa =
        ServiceAccountSpec.named("deployer")
            .inNamespace(NS)
            .withAnnotation("iam.example.com/role", "deployer")
            .withImagePullSecret("registry")
            .automountToken(true)
            .build();
    assertThat(RbacMapper.toServiceAccountSpec(RbacMapper.toServiceAccount(sa, NS))).isEqualTo(sa);
    RoleSpec role =
        RoleSpec.named("system:reader")
            .inNamespace(NS)
            .allowing(PolicyRule.allowing("*").on("*").inApiGroups("*").build())
            .build();
    assertThat(RbacMapper.toRoleSpec(RbacMapper.toRole(role, NS))).isEqualTo(role);
    RoleBindingSpec binding =
        RoleBindingSpec.named("b")
            .inNamespace(NS)
            .grantingClusterRole("view")
            .to(Subject.serviceAccount("deployer"), Subject.group("devs"))
            .build();
    assertThat(RbacMapper.toRoleBindingSpec(RbacMapper.toRoleBinding(binding, NS)))
        .isEqualTo(binding);
    ClusterRoleSpec cr =
        ClusterRoleSpec.named("nodes")
            .allowing(PolicyRule.allowing("get").on("nodes").named("n1").build())
            .build();
    assertThat(RbacMapper.toClusterRoleSpec(RbacMapper.toClusterRole(cr))).isEqualTo(cr);
    ClusterRoleBindingSpec crb =
        ClusterRoleBindingSpec.named("nodes")
            .grantingClusterRole("nodes")
            .to(Subject.serviceAccount(NS, "deployer"), Subject.user("jane"))
            .build();
    assertThat(RbacMapper.toClusterRoleBindingSpec(RbacMapper.toClusterRoleBinding(crb)))
        .isEqualTo(crb);
  }
}
