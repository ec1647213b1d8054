package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.ExecResult;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PortForward;
import dev.cloudnative.kubernetes.RolloutListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code exec} and {@code port-forward} on the in-memory cluster: with a pod runtime they reach the
 * pod's real container and listener (a forward follows a restarted container and refuses once the
 * pod is gone); on a simulated pod, a pod that is not running or a port the pod does not publish
 * they fail with the reason; bad arguments fail before anything runs.
 */
class PodExecAndPortForwardTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final HttpServerRuntime runtime = new HttpServerRuntime();
  private final InMemoryCluster cluster =
      InMemoryCluster.builder()
          .runtime(runtime)
          .kubeletPeriod(Duration.ofMillis(20))
          .terminationGracePeriod(Duration.ZERO)
          .build();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    cluster.close();
  }

  private PodInfo runningPod() {
    cluster.apply(DeploymentSpec.named("app").running("shop:1").withPort(8080).build());
    cluster.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
    return cluster.pods("default", Map.of("app", "app")).get(0);
  }

  private String get(PortForward forward) throws Exception {
    URI uri =
        URI.create("http://127.0.0.1:" + forward.localAddress().getPort() + "/through-the-forward");
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void execRunsTheArgumentListInThePodsContainer() {
    PodInfo pod = runningPod();
    ExecResult echo =
        cluster.exec("default", pod.name(), List.of("echo", "a b", "$HOME"), Duration.ofSeconds(5));
    assertThat(echo.exitCode()).isZero();
    assertThat(echo.succeeded()).isTrue();
    assertThat(echo.stdout()).isEqualTo("a b $HOME\n"); // an argument list: no shell expands it
    assertThat(echo.stderr()).isEmpty();

    ExecResult missing =
        cluster.exec("default", pod.name(), List.of("nope"), Duration.ofSeconds(5));
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("nope: not found");
  }

  @Test
  void aForwardRelaysConnectionsToThePodsPortAndFollowsARestartedContainer() throws Exception {
    PodInfo pod = runningPod();
    try (PortForward forward = cluster.portForward("default", pod.name(), 8080)) {
      assertThat(forward.localAddress().getAddress().isLoopbackAddress()).isTrue();
      assertThat(forward.localAddress().getPort()).isNotEqualTo(pod.port(8080));
      assertThat(forward.pod()).isEqualTo(pod.name());
      assertThat(forward.podPort()).isEqualTo(8080);
      assertThat(get(forward)).isEqualTo("shop:1 " + pod.name());
      assertThat(get(forward)).isEqualTo("shop:1 " + pod.name()); // a second connection

      // the container dies and the kubelet restarts it on another host port
      int before = pod.port(8080);
      runtime.running.forEach(HttpServerRuntime.Container::crash);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (podPort(pod.name()) == before || podPort(pod.name()) == 0) {
        assertThat(System.nanoTime()).as("restarted within %s", WAIT).isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(get(forward)).isEqualTo("shop:1 " + pod.name());
      assertThat(forward.isOpen()).isTrue();
    }
  }

  private int podPort(String pod) {
    return cluster.pods("default", Map.of("app", "app")).stream()
        .filter(p -> p.name().equals(pod) && p.ready())
        .mapToInt(p -> p.port(8080))
        .findFirst()
        .orElse(0);
  }

  @Test
  void aClosedForwardStopsListeningAndClosingTwiceIsANoOp() throws Exception {
    PodInfo pod = runningPod();
    PortForward forward = cluster.portForward("default", pod.name(), 8080);
    assertThat(get(forward)).startsWith("shop:1");
    try (Socket relayed = new Socket()) {
      relayed.connect(forward.localAddress());
      relayed.setSoTimeout(30_000);
      // a keep-alive exchange first, so the relay is established end to end
      relayed
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: pod\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = "";
      byte[] buf = new byte[1024];
      while (!answer.contains("shop:1")) {
        int n = relayed.getInputStream().read(buf);
        assertThat(n).as("answer so far: %s", answer).isPositive();
        answer += new String(buf, 0, n, StandardCharsets.US_ASCII);
      }
      forward.close();
      forward.close();
      assertThat(forward.isOpen()).isFalse();
      // the relayed connection is closed with the forward (an end of stream, or a reset)
      int after;
      try {
        after = relayed.getInputStream().read();
      } catch (java.net.SocketException reset) {
        after = -1;
      }
      assertThat(after).isEqualTo(-1);
    }
    assertThat(relaysAfterClose(forward.localAddress())).isFalse();
  }

  /**
   * Whether something at the closed forward's address still relays to the pod. A refused connect is
   * the usual answer, but a freed ephemeral port can be taken by another listener, or a connect to
   * it can meet itself (TCP simultaneous open when the kernel picks the same source port), so
   * "refused" alone would be a flaky assertion: what must hold is that nothing answers as the pod.
   */
  private static boolean relaysAfterClose(java.net.InetSocketAddress address) throws Exception {
    try (Socket probe = new Socket()) {
      try {
        probe.connect(address, 2_000);
      } catch (ConnectException refused) {
        return false;
      }
      probe.setSoTimeout(2_000);
      probe
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: pod\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[1024];
      try {
        int n = probe.getInputStream().read(buf);
        return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).contains("shop:1");
      } catch (java.net.SocketException | java.net.SocketTimeoutException ended) {
        return false;
      }
    }
  }

  @Test
  void aForwardToADeletedPodClosesEachNewConnection() throws Exception {
    PodInfo pod = runningPod();
    try (PortForward forward = cluster.portForward("default", pod.name(), 8080)) {
      cluster.delete(
          dev.cloudnative.kubernetes.ResourceKind.DEPLOYMENT,
          "default",
          "app",
          dev.cloudnative.kubernetes.Propagation.FOREGROUND);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!cluster.pods("default", Map.of("app", "app")).isEmpty()) {
        assertThat(System.nanoTime()).as("pods gone within %s", WAIT).isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThatThrownBy(() -> get(forward)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void refusesWithTheReasonWhenThereIsNothingToReach() {
    PodInfo pod = runningPod();
    assertThatThrownBy(
            () -> cluster.exec("default", "ghost", List.of("true"), Duration.ofSeconds(1)))
        .isInstanceOf(KubernetesNotFoundException.class)
        .hasMessageContaining("ghost");
    assertThatThrownBy(() -> cluster.portForward("default", "ghost", 8080))
        .isInstanceOf(KubernetesNotFoundException.class);
    assertThatThrownBy(() -> cluster.portForward("default", pod.name(), 9090))
        .isInstanceOf(KubernetesException.class)
        .hasMessageContaining("does not publish port 9090")
        .hasMessageContaining("[8080]");

    cluster.apply(JobSpec.named("once").running("task:ok").build());
    cluster.awaitJob("default", "once", WAIT);
    String jobPod = cluster.pods("default", Map.of("job-name", "once")).get(0).name();
    assertThatThrownBy(
            () -> cluster.exec("default", jobPod, List.of("true"), Duration.ofSeconds(1)))
        .isInstanceOf(KubernetesException.class)
        .hasMessageContaining("completed pod; current phase is Succeeded");
  }

  @Test
  void aSimulatedPodHasNoProcessAndNoAddressToDial() {
    try (InMemoryCluster simulated = InMemoryCluster.create()) {
      simulated.apply(DeploymentSpec.named("app").running("shop:1").withPort(8080).build());
      simulated.awaitRollout("default", "app", WAIT, RolloutListener.NONE);
      String pod = simulated.pods("default", Map.of("app", "app")).get(0).name();
      assertThatThrownBy(
              () -> simulated.exec("default", pod, List.of("true"), Duration.ofSeconds(1)))
          .isInstanceOf(KubernetesException.class)
          .hasMessageContaining("simulated");
      assertThatThrownBy(() -> simulated.portForward("default", pod, 8080))
          .isInstanceOf(KubernetesException.class)
          .hasMessageContaining("simulated");
    }
  }

  @Test
  void badArgumentsFailBeforeAnythingRuns() {
    Duration t = Duration.ofSeconds(1);
    assertThatThrownBy(() -> cluster.exec("default", null, List.of("true"), t))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("pod");
    assertThatThrownBy(() -> cluster.exec("default", "p", null, t))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("command");
    assertThatThrownBy(() -> cluster.exec("default", "p", Arrays.asList("echo", null), t))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("command[1]");
    assertThatThrownBy(() -> cluster.exec("default", "p", List.of(), t))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("needs the program");
    assertThatThrownBy(() -> cluster.exec("default", "p", List.of("true"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
    assertThatThrownBy(() -> cluster.exec("default", "p", List.of("true"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> cluster.portForward("default", null, 80))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("pod");
    assertThatThrownBy(() -> cluster.portForward("default", "p", 0))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("between 1 and 65535");
    cluster.close();
    assertThatThrownBy(() -> cluster.exec("default", "p", List.of("true"), t))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
    assertThatThrownBy(() -> cluster.portForward("default", "p", 80))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
  }
}
