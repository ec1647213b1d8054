package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.IngressRoute;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.PersistentVolumeClaimStatus;
import dev.cloudnative.kubernetes.PolicyRule;
import dev.cloudnative.kubernetes.ResourceRef;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.RoleSpec;
import dev.cloudnative.kubernetes.ServiceAccountSpec;
import dev.cloudnative.kubernetes.Subject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * YAML of the kinds after HorizontalPodAutoscaler applied to the in-memory cluster: each document
 * becomes the typed spec the kind's {@code apply} takes, so the simulated controllers run it; a
 * document the simulation cannot hold refuses the whole file before anything is applied.
 */
class InMemoryYamlKindsTest {

  private final InMemoryCluster cluster =
      InMemoryCluster.builder().defaultNamespace("yaml").build();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void workloadsFromYamlAreRunByTheSimulatedControllers() {
    List<ResourceRef> refs =
        cluster.applyYaml(
            null,
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              replicas: 2
              serviceName: db-headless
              selector: {matchLabels: {app: db}}
              updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers:
                  - name: postgres
                    image: postgres:16
                    ports: [{name: pg, containerPort: 5432}]
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              updateStrategy: {rollingUpdate: {maxUnavailable: 25%}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  containers: [{name: agent, image: "fluent/fluent-bit:3.1"}]
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              backoffLimit: 2
              completions: 2
              activeDeadlineSeconds: 600
              template:
                metadata: {labels: {team: data}}
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: flyway
                    image: flyway/flyway:10
                    args: [migrate]
                    env: [{name: MODE, value: full}]
            """);
    assertThat(refs)
        .extracting(ResourceRef::kind)
        .containsExactly("StatefulSet", "DaemonSet", "Job");

    var db = cluster.awaitStatefulSet("yaml", "db", Duration.ofMinutes(5));
    assertThat(db.replicas()).isEqualTo(2);
    assertThat(cluster.pods("yaml", Map.of("app", "db"))).hasSize(2);
    assertThat(cluster.awaitDaemonSet("yaml", "agent", Duration.ofMinutes(5)).complete()).isTrue();
    var job = cluster.awaitJob("yaml", "migrate", Duration.ofMinutes(5));
    assertThat(job.completions()).isEqualTo(2);
    assertThat(job.backoffLimit()).isEqualTo(2);
    assertThat(job.succeeded()).isEqualTo(2);
    assertThat(cluster.pods("yaml", Map.of("job-name", "migrate")))
        .allSatisfy(p -> assertThat(p.labels()).containsEntry("team", "data"));
  }

  @Test
  void cronJobsIngressesBudgetsAndClaimsFromYaml() {
    cluster.applyYaml(
        "yaml",
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report}
        spec:
          schedule: "*/5 * * * *"
          timeZone: Europe/Paris
          concurrencyPolicy: Forbid
          suspend: true
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: report, image: "report:1"}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop}
        spec:
          ingressClassName: nginx
          tls: [{secretName: shop-tls, hosts: [shop.example.com]}]
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec:
          minAvailable: 50%
          selector: {matchLabels: {app: web}}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 10Gi}}
        """);
    var cron = cluster.cronJob("yaml", "report").orElseThrow();
    assertThat(cron.schedule()).isEqualTo("*/5 * * * *");
    assertThat(cron.suspended()).isTrue();
    var ingress = cluster.ingress("yaml", "shop").orElseThrow();
    assertThat(ingress.backendServices()).containsExactly("web");
    var budget = cluster.podDisruptionBudget("yaml", "web").orElseThrow();
    assertThat(budget.generation()).isEqualTo(1);
    PersistentVolumeClaimStatus claim =
        cluster.awaitPersistentVolumeClaim("yaml", "data", Duration.ofMinutes(1));
    assertThat(claim.complete()).isTrue();
  }

  @Test
  void yamlMeansWhatTheTypedSpecMeans() {
    cluster.applyYaml(
        "yaml",
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop}
        spec:
          rules:
          - http:
              paths:
              - {path: /api, pathType: Exact, backend: {service: {name: api, port: {number: 8080}}}}
        """);
    // the same Ingress through the typed spec is unchanged: the ingress controller sees one object
    var typed =
        dev.cloudnative.kubernetes.IngressSpec.named("shop")
            .inNamespace("yaml")
            .route(null, "/api", IngressRoute.PathType.EXACT, "api", 8080)
            .build();
    assertThat(cluster.ingress("yaml", "shop").orElseThrow().backendServices())
        .isEqualTo(typed.backendServices());
    assertThat(
            dev.cloudnative.kubernetes.internal.ManifestSpecs.toCronJobSpec(
                    new io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder()
                        .withNewMetadata()
                        .withName("c")
                        .withNamespace("yaml")
                        .endMetadata()
                        .withNewSpec()
                        .withSchedule("@daily")
                        .withNewJobTemplate()
                        .withSpec(
                            dev.cloudnative.kubernetes.internal.JobMapper.toJob(
                                    JobSpec.named("c").running("report:1").build(), "yaml")
                                .getSpec())
                        .endJobTemplate()
                        .endSpec()
                        .build())
                .jobTemplate()
                .image())
        .isEqualTo("report:1");
    assertThat(CronJobSpec.ConcurrencyPolicy.fromApiName("Allow"))
        .isEqualTo(CronJobSpec.ConcurrencyPolicy.ALLOW);
  }

  @Test
  void rbacKindsFromYaml() {
    List<ResourceRef> refs =
        cluster.applyYaml(
            "yaml",
            """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: deployer, labels: {app: shop}}
            automountServiceAccountToken: false
            imagePullSecrets: [{name: registry}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: pod-reader}
            rules:
            - apiGroups: [""]
              resources: [pods, pods/log]
              verbs: [get, list, watch]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: deployer-reads-pods}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
            subjects:
            - {kind: ServiceAccount, name: deployer, namespace: yaml}
            - {kind: User, apiGroup: rbac.authorization.k8s.io, name: jane}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: node-reader}
            rules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: deployer-reads-nodes}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
            subjects: [{kind: ServiceAccount, name: deployer, namespace: yaml}]
            """);
    assertThat(refs)
        .containsExactly(
            new ResourceRef("ServiceAccount", "yaml", "deployer"),
            new ResourceRef("Role", "yaml", "pod-reader"),
            new ResourceRef("RoleBinding", "yaml", "deployer-reads-pods"),
            new ResourceRef("ClusterRole", "", "node-reader"),
            new ResourceRef("ClusterRoleBinding", "", "deployer-reads-nodes"));
    assertThat(cluster.clusterRole("node-reader").orElseThrow().rules().get(0).resources())
        .containsExactly("nodes");
    assertThat(cluster.clusterRoleBinding("deployer-reads-nodes").orElseThrow().subjects())
        .containsExactly(Subject.serviceAccount("yaml", "deployer"));
    assertThat(cluster.serviceAccount("yaml", "deployer"))
        .contains(
            ServiceAccountSpec.named("deployer")
                .inNamespace("yaml")
                .withLabel("app", "shop")
                .withImagePullSecret("registry")
                .automountToken(false)
                .build());
    assertThat(cluster.role("yaml", "pod-reader"))
        .contains(
            RoleSpec.named("pod-reader")
                .inNamespace("yaml")
                .allowing(
                    PolicyRule.allowing("get", "list", "watch").on("pods", "pods/log").build())
                .build());
    assertThat(cluster.roleBinding("yaml", "deployer-reads-pods"))
        .contains(
            RoleBindingSpec.named("deployer-reads-pods")
                .inNamespace("yaml")
                .grantingRole("pod-reader")
                .to(Subject.serviceAccount("yaml", "deployer"), Subject.user("jane"))
                .build());
  }

  @Test
  void aDocumentTheSimulationCannotHoldRefusesTheWholeFile() {
    String yaml =
        """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: first}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
              - {name: a, image: "a:1"}
              - {name: b, image: "b:1"}
        """;
    assertThatThrownBy(() -> cluster.applyYaml("yaml", yaml))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("single-container pods, found 2 containers");
    assertThat(cluster.serviceAccount("yaml", "first")).isEmpty();

    assertThatThrownBy(
            () ->
                cluster.applyYaml(
                    "yaml",
                    """
                    apiVersion: batch/v1
                    kind: Job
                    metadata: {name: j}
                    spec:
                      template:
                        spec:
                          restartPolicy: Always
                          containers: [{name: j, image: "j:1"}]
                    """))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("'Always' is not allowed for a Job");
    assertThatThrownBy(
            () ->
                cluster.applyYaml(
                    "yaml",
                    """
                    apiVersion: policy/v1
                    kind: PodDisruptionBudget
                    metadata: {name: b}
                    spec:
                      minAvailable: 1
                      selector:
                        matchExpressions: [{key: app, operator: In, values: [web]}]
                    """))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("matchLabels only");
    assertThat(cluster.job("yaml", "j")).isEmpty();
  }
}
