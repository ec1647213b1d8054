package dev.cloudnative.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.ClusterConfig;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.fabric8.KubernetesCluster;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClusterJobStepExecutor} against fabric8's mock API server (CRUD mode, plus one recorded
 * expectation per pod for its log): what the Job and the Secret look like on the wire, the exit
 * code read from the pod's terminated container state, the log's lines, the Job deleted with
 * foreground propagation and the Secret deleted after the attempt, a timeout deleting a running
 * Job, and a pod that cannot pull its image failing the attempt with the kubelet's reason. The mock
 * has no controllers: a test thread plays the Job controller, the kubelet and the garbage collector
 * (by image tag: {@code :exit3} ends with code 3, {@code :endless} keeps running, {@code :missing}
 * waits in {@code ErrImagePull}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterJobStepExecutorMockTest {
  private static final String NS = "ci";
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  @TempDir Path workspace;
  private KubernetesMockServer server;
  private KubernetesClient kubelet;
  private KubernetesCluster cluster;
  private LocalPipelineRunner runner;
  private Thread playing;
  private volatile boolean running = true;
  private final Map<String, Job> jobsSeen = new ConcurrentHashMap<>();
  private final Map<String, Secret> secretsSeen = new ConcurrentHashMap<>();

  @BeforeEach
  @SuppressWarnings("deprecation") // the mapper KubernetesMockServer's own constructors use
  void start() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    kubelet = server.createClient();
    cluster =
        KubernetesCluster.connect(
            ClusterConfig.master("http://" + server.getHostName() + ":" + server.getPort())
                .namespace(NS)
                .retries(0, Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(30))
                .build());
    cluster.ensureNamespace(NS);
    runner =
        LocalPipelineRunner.create(
            LocalRunnerConfig.custom()
                .workspace(workspace)
                .killGracePeriod(Duration.ofSeconds(1))
                .containerExecutor(
                    ClusterJobStepExecutor.on(
                        cluster,
                        NS,
                        JobStepConfig.custom()
                            .pollInterval(Duration.ofMillis(20))
                            .startTimeout(Duration.ofSeconds(30))
                            .build()))
                .build());
    playing = new Thread(this::play, "test-job-controller-and-kubelet");
    playing.setDaemon(true);
    playing.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    running = false;
    if (playing != null) {
      playing.join(5000);
    }
    if (runner != null) {
      runner.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (kubelet != null) {
      kubelet.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  /** The Job controller, kubelet and garbage collector the CRUD mock lacks. */
  private void play() {
    Set<String> started = new HashSet<>();
    while (running) {
      try {
        Set<String> present = new HashSet<>();
        for (Job j : kubelet.batch().v1().jobs().inNamespace(NS).list().getItems()) {
          String name = j.getMetadata().getName();
          present.add(name);
          if (started.add(name)) {
            jobsSeen.put(name, j);
            Secret s = kubelet.secrets().inNamespace(NS).withName(name + "-env").get();
            if (s != null) {
              secretsSeen.put(name, s);
            }
            startPod(j);
          } else {
            finishPod(j);
          }
        }
        // garbage collection: the pods of a deleted Job go too
        for (Pod p : kubelet.pods().inNamespace(NS).list().getItems()) {
          String job = p.getMetadata().getLabels().get(JobSpec.LEGACY_JOB_NAME_LABEL);
          if (job != null && !present.contains(job)) {
            kubelet.pods().inNamespace(NS).resource(p).delete();
          }
        }
      } catch (KubernetesClientException e) {
        // a concurrent writer; read again
      }
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String image(Job j) {
    return j.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private void startPod(Job j) {
    String job = j.getMetadata().getName();
    String pod = job + "-pod";
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + NS + "/pods/" + pod + "/log?pretty=false&follow=true")
        .andReturn(200, "compiling\nlinking\n")
        .always();
    Map<String, String> labels =
        new LinkedHashMap<>(j.getSpec().getTemplate().getMetadata().getLabels());
    labels.put(JobSpec.LEGACY_JOB_NAME_LABEL, job);
    labels.put(JobSpec.JOB_NAME_LABEL, job);
    boolean missing = image(j).endsWith(":missing");
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(pod)
            .withNamespace(NS)
            .withLabels(labels)
            .endMetadata()
            .withSpec(j.getSpec().getTemplate().getSpec());
    if (missing) {
      b.withNewStatus()
          .withPhase("Pending")
          .addNewContainerStatus()
          .withName(ClusterJobStepExecutor.CONTAINER)
          .withNewState()
          .withNewWaiting()
          .withReason("ErrImagePull")
          .endWaiting()
          .endState()
          .endContainerStatus()
          .endStatus();
    } else {
      b.withNewStatus().withPhase("Running").endStatus();
    }
    kubelet.pods().inNamespace(NS).resource(b.build()).create();
  }

  private void finishPod(Job j) {
    if (!image(j).endsWith(":exit3")) {
      return;
    }
    Pod p = kubelet.pods().inNamespace(NS).withName(j.getMetadata().getName() + "-pod").get();
    if (p == null || !"Running".equals(p.getStatus().getPhase())) {
      return;
    }
    p.setStatus(
        new PodBuilder(p)
            .withNewStatus()
            .withPhase("Failed")
            .addNewContainerStatus()
            .withName(ClusterJobStepExecutor.CONTAINER)
            .withNewState()
            .withNewTerminated()
            .withExitCode(3)
            .withReason("Error")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build()
            .getStatus());
    kubelet.pods().inNamespace(NS).resource(p).updateStatus();
  }

  /** Every request the server received, once the test's controller stopped sending its own. */
  private List<RecordedRequest> requests() throws InterruptedException {
    running = false;
    playing.join(5000);
    List<RecordedRequest> all = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    RecordedRequest r;
    while (System.nanoTime() < deadline
        && (r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      all.add(r);
    }
    return all;
  }

  @Test
  void theJobCarriesNoValueItsSecretDoesAndTheExitCodeComesFromThePod() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Pipeline p =
        Pipeline.builder("build")
            .stage(
                "compile",
                s ->
                    s.step(
                        Step.container("make", "registry.local/tools:exit3", List.of("make", "all"))
                            .env("TOKEN", "s3cr3t-value")
                            .continueOnError()))
            .build();
    RunStatus run =
        runner.run(
            p,
            e -> {
              if (e instanceof PipelineEvent.StepOutput o) {
                lines.add(o.line());
              }
            });

    assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
    assertThat(run.step("compile", "make").status()).isEqualTo(Status.FAILED);
    assertThat(run.step("compile", "make").exitCode()).hasValue(3);
    assertThat(lines).containsExactly("compiling", "linking");

    assertThat(jobsSeen).hasSize(1);
    String name = jobsSeen.keySet().iterator().next();
    Job job = jobsSeen.get(name);
    assertThat(name).startsWith("cn-" + run.runId() + "-compile-make-").endsWith("-1");
    assertThat(Serialization.asJson(job)).doesNotContain("s3cr3t-value");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry(ContainerEngineStepExecutor.RUN_LABEL, run.runId())
        .containsEntry(ContainerEngineStepExecutor.STAGE_LABEL, "compile")
        .containsEntry(ContainerEngineStepExecutor.STEP_LABEL, "make")
        .containsEntry(ContainerEngineStepExecutor.ATTEMPT_LABEL, "1");
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getName()).isEqualTo(ClusterJobStepExecutor.CONTAINER);
    assertThat(c.getImage()).isEqualTo("registry.local/tools:exit3");
    assertThat(c.getCommand()).isEmpty();
    assertThat(c.getArgs()).containsExactly("make", "all");
    assertThat(c.getWorkingDir()).isEqualTo("/workspace");
    Map<String, EnvVar> env = new LinkedHashMap<>();
    c.getEnv().forEach(v -> env.put(v.getName(), v));
    assertThat(env.get("TOKEN").getValue()).isNull();
    assertThat(env.get("TOKEN").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(name + "-env");
    assertThat(env.get("TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("TOKEN");
    assertThat(env.get("PIPELINE_STEP").getValue()).isEqualTo("make");
    assertThat(env.get("PIPELINE_RUN_ID").getValue()).isEqualTo(run.runId());
    // the workspace and the output directory, as hostPath volumes
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getHostPath().getPath())
        .contains(workspace.toString());
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/workspace", "/pipeline/output");

    Secret secret = secretsSeen.get(name);
    assertThat(secret).as("the attempt's Secret while the Job ran").isNotNull();
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("TOKEN")), StandardCharsets.UTF_8))
        .isEqualTo("s3cr3t-value");

    // afterwards: the Job (with foreground propagation), its pod and the Secret are gone
    assertThat(kubelet.batch().v1().jobs().inNamespace(NS).withName(name).get()).isNull();
    assertThat(kubelet.secrets().inNamespace(NS).withName(name + "-env").get()).isNull();
    assertThat(kubelet.pods().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(requests())
        .anySatisfy(
            r -> {
              assertThat(r.getMethod()).isEqualTo("DELETE");
              assertThat(r.getPath()).contains("/jobs/" + name);
              assertThat(r.getBody().readUtf8()).contains("Foreground");
            });
  }

  @Test
  void aTimeoutDeletesTheRunningJobAndItsPod() throws Exception {
    Pipeline p =
        Pipeline.builder("slow")
            .stage(
                "s",
                s ->
                    s.step(
                        Step.container("wait", "registry.local/tools:endless", List.of("sleep"))
                            .timeout(Duration.ofSeconds(2))))
            .build();
    RunStatus run = runner.run(p);
    assertThat(run.step("s", "wait").status()).isEqualTo(Status.TIMED_OUT);
    String name = jobsSeen.keySet().iterator().next();
    assertThat(jobsSeen.get(name).getSpec().getActiveDeadlineSeconds())
        .as("the attempt's limit plus the margin, a backstop")
        .isBetween(31L, 32L);
    assertThat(kubelet.batch().v1().jobs().inNamespace(NS).withName(name).get()).isNull();
    assertThat(kubelet.pods().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aPodThatCannotPullItsImageFailsTheAttemptWithTheReason() {
    Pipeline p =
        Pipeline.builder("pull")
            .stage("s", s -> s.step(Step.container("x", "registry.local/tools:missing", List.of())))
            .build();
    RunStatus run = runner.run(p);
    assertThat(run.step("s", "x").status()).isEqualTo(Status.FAILED);
    assertThat(run.step("s", "x").message().orElseThrow())
        .contains("cannot start its container of image registry.local/tools:missing")
        .contains("ErrImagePull");
    String name = jobsSeen.keySet().iterator().next();
    assertThat(kubelet.batch().v1().jobs().inNamespace(NS).withName(name).get()).isNull();
    assertThat(kubelet.pods().inNamespace(NS).list().getItems()).isEmpty();
  }
}
