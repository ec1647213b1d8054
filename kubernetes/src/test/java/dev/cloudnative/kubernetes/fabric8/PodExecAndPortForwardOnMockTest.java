package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.ExecResult;
import dev.cloudnative.kubernetes.ExecTimeoutException;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.PortForward;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusMessage;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code exec} and {@code port-forward} over fabric8's websocket protocols, against the mock API
 * server playing the kubelet's side: the channels (1 stdout, 2 stderr, 3 status) are written to the
 * result, a non-zero exit code comes from the {@code NonZeroExitCode} status, a port-forward relays
 * the data channel; a pod that is absent or not running is refused before any websocket.
 */
class PodExecAndPortForwardOnMockTest {

  private final MockApiServer mock = new MockApiServer();
  private final KubernetesCluster cluster = mock.cluster("test");

  @AfterEach
  void close() {
    cluster.close();
    mock.close();
  }

  private void pod(String name, String phase) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("test")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("app:1")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .endStatus()
            .build();
    mock.client().pods().inNamespace("test").resource(pod).create();
  }

  private static String execPath(String pod, String... command) {
    StringBuilder path = new StringBuilder("/api/v1/namespaces/test/pods/" + pod + "/exec?");
    for (String c : command) {
      path.append("command=").append(c).append('&');
    }
    return path.append("container=app&stdout=true&stderr=true").toString();
  }

  @Test
  void execCollectsBothStreamsAndTheExitCode() {
    pod("web", "Running");
    mock.server
        .expect()
        .get()
        .withPath(execPath("web", "sh", "-c", "work"))
        .andUpgradeToWebSocket()
        .open(
            new OutputStreamMessage("line 1\n"),
            new WebSocketMessage(0L, "\u0002warning\n", false, true),
            new OutputStreamMessage("line 2\n"),
            new StatusMessage(0))
        .done()
        .once();

    ExecResult r = cluster.exec("test", "web", List.of("sh", "-c", "work"), Duration.ofSeconds(30));

    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("line 1\nline 2\n");
    assertThat(r.stderr()).isEqualTo("warning\n");
  }

  @Test
  void aNonZeroExitCodeComesFromTheKubeletsStatus() {
    pod("web", "Running");
    String status =
        "\u0003{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\","
            + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":"
            + "[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}";
    mock.server
        .expect()
        .get()
        .withPath(execPath("web", "false"))
        .andUpgradeToWebSocket()
        .open(new WebSocketMessage(0L, status, false, true))
        .done()
        .once();

    ExecResult r = cluster.exec("test", "web", List.of("false"), Duration.ofSeconds(30));

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.succeeded()).isFalse();
  }

  @Test
  void aCommandStillRunningAtTheTimeoutFailsTyped() {
    pod("web", "Running");
    mock.server
        .expect()
        .get()
        .withPath(execPath("web", "sleep", "100"))
        .andUpgradeToWebSocket()
        .open(new OutputStreamMessage("started\n"))
        // the status answers only input the client never sends: the session stays open, as for a
        // command that runs on
        .expect("\u0000never sent")
        .andEmit(new StatusMessage(0))
        .once()
        .done()
        .once();

    assertThatThrownBy(
            () -> cluster.exec("test", "web", List.of("sleep", "100"), Duration.ofMillis(300)))
        .isInstanceOf(ExecTimeoutException.class)
        .hasMessageContaining("still running after PT0.3S")
        .satisfies(e -> assertThat(((ExecTimeoutException) e).name()).isEqualTo("web"));
  }

  @Test
  void aSessionTheServerEndsWithoutAStatusIsAFailureNotAnExitCode() {
    pod("web", "Running");
    mock.server
        .expect()
        .get()
        .withPath(execPath("web", "true"))
        .andUpgradeToWebSocket()
        .open(new OutputStreamMessage("partial"))
        .done()
        .once();
    assertThatThrownBy(() -> cluster.exec("test", "web", List.of("true"), Duration.ofSeconds(30)))
        .isInstanceOf(KubernetesException.class)
        .hasMessageContaining("ended without an exit status");
  }

  @Test
  void absentOrNotRunningPodsAreRefusedWithTheReason() {
    pod("pending", "Pending");
    assertThatThrownBy(() -> cluster.exec("test", "ghost", List.of("true"), Duration.ofSeconds(5)))
        .isInstanceOf(KubernetesNotFoundException.class);
    assertThatThrownBy(() -> cluster.portForward("test", "ghost", 8080))
        .isInstanceOf(KubernetesNotFoundException.class);
    assertThatThrownBy(
            () -> cluster.exec("test", "pending", List.of("true"), Duration.ofSeconds(5)))
        .isInstanceOf(KubernetesException.class)
        .hasMessageContaining("its phase is Pending, not Running");
    assertThatThrownBy(() -> cluster.portForward("test", "pending", 8080))
        .isInstanceOf(KubernetesException.class)
        .hasMessageContaining("its phase is Pending");
  }

  @Test
  void aPortForwardRelaysThePodsDataChannelToALoopbackPort() throws Exception {
    pod("web", "Running");
    mock.server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/test/pods/web/portforward?ports=8080")
        .andUpgradeToWebSocket()
        .open()
        .waitFor(10)
        .andEmit(channel(0, "pp")) // the data channel's first frame: two bytes of port header
        .waitFor(10)
        .andEmit(channel(1, "pp")) // the error channel's
        .waitFor(10)
        .andEmit(channel(0, "HTTP/1.0 200 OK\r\n\r\n"))
        .waitFor(10)
        .andEmit(channel(0, "from the pod"))
        .done()
        .once();

    try (PortForward forward = cluster.portForward("test", "web", 8080)) {
      assertThat(forward.localAddress().getAddress().isLoopbackAddress()).isTrue();
      assertThat(forward.isOpen()).isTrue();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (Socket s =
          new Socket(forward.localAddress().getAddress(), forward.localAddress().getPort())) {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
          got.write(buf, 0, n);
        }
      }
      assertThat(got.toString(StandardCharsets.ISO_8859_1))
          .isEqualTo("HTTP/1.0 200 OK\r\n\r\nfrom the pod");
      forward.close();
      forward.close();
      assertThat(forward.isOpen()).isFalse();
    }
  }

  /** A port-forward frame: the channel byte, then the (ASCII) payload. */
  private static String channel(int channel, String payload) {
    return (char) channel + payload;
  }
}
