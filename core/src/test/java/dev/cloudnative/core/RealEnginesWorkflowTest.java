package dev.cloudnative.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.engine.DockerEngine;
import dev.cloudnative.kubernetes.ClusterConfig;
import dev.cloudnative.kubernetes.fabric8.KubernetesCluster;
import dev.cloudnative.mesh.Endpoint;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application workflow on real engines: images built (and pushed to the local registry) by
 * Docker Engine, the rollout on fabric8's API-server emulation, where this test plays the
 * deployment controller and the kubelet (the emulation has neither), and the pods' IPs fed into the
 * mesh through a real watch.
 */
class RealEnginesWorkflowTest {

  private static final String NS = "apps";
  // The mock logs every request at INFO through java.util.logging; a strong reference keeps the
  // level set.
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private KubernetesMockServer server;
  private KubernetesClient controllerClient;
  private Thread controller;
  private volatile boolean running = true;
  private CloudNative cn;

  @BeforeEach
  @SuppressWarnings("deprecation") // the mapper KubernetesMockServer's own constructors use
  void start() {
    String docker = requireEnv("CLOUDNATIVE_DOCKER_HOST");
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    controllerClient = server.createClient();
    controller = new Thread(this::playController, "test-deployment-controller");
    controller.setDaemon(true);
    controller.start();
    KubernetesCluster cluster =
        KubernetesCluster.connect(
            ClusterConfig.master("http://" + server.getHostName() + ":" + server.getPort())
                .namespace(NS)
                .retries(0, Duration.ofMillis(100))
                .build());
    cn =
        CloudNative.builder()
            .containers(DockerEngine.connect(EngineConfig.custom().host(docker).build()))
            .cluster(cluster)
            .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    running = false;
    if (controller != null) {
      controller.join(5000);
    }
    if (cn != null) {
      cn.close();
    }
    if (controllerClient != null) {
      controllerClient.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void buildPushDeployCanaryPromoteUndeploy(@TempDir Path context) throws Exception {
    Path busybox = Path.of(requireEnv("CLOUDNATIVE_BUSYBOX"));
    String registry = requireEnv("CLOUDNATIVE_REGISTRY");
    Files.copy(busybox, context.resolve("busybox"));
    Files.writeString(
        context.resolve("Dockerfile"),
        String.join(
            "\n",
            "FROM scratch",
            "COPY busybox /bin/busybox",
            "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\"]",
            ""));
    String image = registry + "/core-it/shop:1.0";

    DeployReport report =
        cn.deploy(
            AppSpec.named("shop")
                .buildFrom(context)
                .image(image)
                .push()
                .replicas(2)
                .expose(80, 8080)
                .config("greeting", "hello")
                .build());

    assertThat(report.steps())
        .extracting(StepReport::step)
        .containsExactly(
            "build-image",
            "push-image",
            "namespace",
            "apply-config",
            "apply-deploy",
            "apply-service",
            "await-rollout",
            "store-config",
            "register-mesh");
    assertThat(report.steps().get(0).detail()).startsWith("sha256:");
    assertThat(cn.containers().findImage(image)).isPresent();
    awaitEndpoints("stable", 2);
    assertThat(endpoints("stable"))
        .allSatisfy(
            e -> {
              assertThat(e.host()).startsWith("10.1.");
              assertThat(e.port()).isEqualTo(8080);
            });

    cn.app("shop").canary("v2", registry + "/core-it/shop:2.0", 25);
    awaitEndpoints("v2", 1);

    cn.app("shop").promote();
    assertThat(cn.cluster().deployment(NS, "shop"))
        .hasValueSatisfying(d -> assertThat(d.image()).isEqualTo(registry + "/core-it/shop:2.0"));
    assertThat(cn.cluster().deployment(NS, "shop-v2")).isEmpty();

    cn.app("shop").undeploy();
    assertThat(cn.cluster().deployments(NS)).isEmpty();
    assertThat(cn.cluster().service(NS, "shop")).isEmpty();
    assertThat(cn.mesh().registry().snapshot().service("shop")).isEmpty();
  }

  private List<Endpoint> endpoints(String subset) {
    return cn.mesh()
        .registry()
        .snapshot()
        .service("shop")
        .map(s -> s.endpoints(subset))
        .orElse(List.of());
  }

  private void awaitEndpoints(String subset, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (endpoints(subset).size() != count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(endpoints(subset)).hasSize(count);
  }

  // The deployment controller and kubelet in one loop: a deployment whose generation is ahead of
  // its observed
  // generation gets fresh running, ready pods with IPs (old ones deleted), then a complete status.
  private void playController() {
    AtomicInteger ip = new AtomicInteger(1);
    while (running) {
      try {
        for (Deployment d :
            controllerClient.apps().deployments().inNamespace(NS).list().getItems()) {
          long generation =
              d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
          Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
          if (observed != null && observed >= generation) {
            continue;
          }
          Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
          controllerClient.pods().inNamespace(NS).withLabels(selector).delete();
          int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
          for (int i = 0; i < replicas; i++) {
            Pod pod =
                new PodBuilder()
                    .withNewMetadata()
                    .withName(d.getMetadata().getName() + "-g" + generation + "-" + i)
                    .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
                    .endMetadata()
                    .withSpec(d.getSpec().getTemplate().getSpec())
                    .withNewStatus()
                    .withPhase("Running")
                    .withPodIP("10.1.0." + ip.getAndIncrement())
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build();
            controllerClient.pods().inNamespace(NS).resource(pod).create();
          }
          d.setStatus(
              new DeploymentStatusBuilder()
                  .withObservedGeneration(generation)
                  .withReplicas(replicas)
                  .withUpdatedReplicas(replicas)
                  .withReadyReplicas(replicas)
                  .withAvailableReplicas(replicas)
                  .build());
          controllerClient.apps().deployments().inNamespace(NS).resource(d).updateStatus();
        }
        Thread.sleep(50);
      } catch (KubernetesClientException e) {
        // A concurrent write changed an object between read and write; the next pass reads it
        // again.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String requireEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      String reason =
          name + " is not set (see README, Tests); .ci/run starts the engines and sets it";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail("CI=true but " + reason);
      }
      System.out.println(
          "SKIPPED " + RealEnginesWorkflowTest.class.getSimpleName() + ": " + reason);
      Assumptions.abort(reason);
    }
    return value;
  }
}
