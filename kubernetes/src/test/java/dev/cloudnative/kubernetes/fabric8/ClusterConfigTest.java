package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.ClusterConfig;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three ways to configure a cluster, checked against the mock server's view of the requests.
 */
class ClusterConfigTest {

  @TempDir Path dir;

  private MockApiServer api;
  private String url;

  @BeforeEach
  void start() {
    api = new MockApiServer();
    url = "http://" + api.server.getHostName() + ":" + api.server.getPort();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private String lastAuthorization() throws InterruptedException {
    String auth = null;
    RecordedRequest r;
    while ((r = api.server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      auth = r.getHeader("Authorization");
    }
    return auth;
  }

  private Path kubeconfig() throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: mock
          cluster:
            server: %s
        users:
        - name: dev-user
          user:
            token: dev-token
        - name: prod-user
          user:
            token: prod-token
        contexts:
        - name: dev
          context: {cluster: mock, user: dev-user, namespace: dev-ns}
        - name: prod
          context: {cluster: mock, user: prod-user, namespace: prod-ns}
        """
            .formatted(url));
    return file;
  }

  @Test
  void kubeconfigUsesTheCurrentContextOrANamedOne() throws Exception {
    Path file = kubeconfig();
    try (KubernetesCluster dev =
        KubernetesCluster.connect(
            ClusterConfig.kubeconfig(file).retries(0, Duration.ofMillis(100)).build())) {
      assertThat(dev.defaultNamespace()).isEqualTo("dev-ns");
      lastAuthorization();
      dev.namespaces();
      assertThat(lastAuthorization()).isEqualTo("Bearer dev-token");
    }
    try (KubernetesCluster prod =
        KubernetesCluster.connect(
            ClusterConfig.kubeconfig(file)
                .context("prod")
                .retries(0, Duration.ofMillis(100))
                .build())) {
      assertThat(prod.defaultNamespace()).isEqualTo("prod-ns");
      prod.namespaces();
      assertThat(lastAuthorization()).isEqualTo("Bearer prod-token");
    }
    try (KubernetesCluster overridden =
        KubernetesCluster.connect(ClusterConfig.kubeconfig(file).namespace("other").build())) {
      assertThat(overridden.defaultNamespace()).isEqualTo("other");
    }
  }

  @Test
  void missingKubeconfigIsReportedWithThePath() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> KubernetesCluster.connect(ClusterConfig.kubeconfig(missing).build()))
        .isInstanceOf(KubernetesException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void inClusterReadsTheServiceAccountAndRereadsARotatedToken() throws Exception {
    Path sa = Files.createDirectories(dir.resolve("sa"));
    Files.writeString(sa.resolve("token"), "token-1\n");
    Files.writeString(sa.resolve("namespace"), "pod-ns");
    try (KubernetesCluster cluster =
        KubernetesCluster.connect(
            ClusterConfig.inCluster()
                .serviceAccountDir(sa)
                .masterUrl(url)
                .retries(0, Duration.ofMillis(100))
                .build())) {
      assertThat(cluster.defaultNamespace()).isEqualTo("pod-ns");
      lastAuthorization();
      cluster.namespaces();
      assertThat(lastAuthorization()).isEqualTo("Bearer token-1");
      Files.writeString(sa.resolve("token"), "token-2\n");
      cluster.namespaces();
      assertThat(lastAuthorization()).isEqualTo("Bearer token-2");
    }
  }

  @Test
  void inClusterFindsTheApiServerInTheEnvironment() throws Exception {
    Path sa = Files.createDirectories(dir.resolve("sa"));
    Files.writeString(sa.resolve("token"), "t");
    Config config =
        Fabric8Config.from(
            ClusterConfig.inCluster().serviceAccountDir(sa).build(),
            Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBERNETES_SERVICE_PORT", "6443"));
    assertThat(config.getMasterUrl()).startsWith("https://10.0.0.1:6443");
    assertThat(config.getNamespace()).isEqualTo("default");
    assertThatThrownBy(
            () ->
                Fabric8Config.from(
                    ClusterConfig.inCluster().serviceAccountDir(sa).build(), Map.of()))
        .isInstanceOf(KubernetesException.class)
        .hasMessageContaining("KUBERNETES_SERVICE_HOST");
    assertThatThrownBy(
            () ->
                Fabric8Config.from(
                    ClusterConfig.inCluster().serviceAccountDir(dir.resolve("x")).build(),
                    Map.of()))
        .hasMessageContaining("no service account token");
  }

  @Test
  void explicitConfigCarriesTokenTimeoutsAndRetries() throws Exception {
    ClusterConfig c =
        ClusterConfig.master(url)
            .token("secret-token")
            .namespace("apps")
            .requestTimeout(Duration.ofSeconds(3))
            .retries(0, Duration.ofMillis(50))
            .build();
    Config f = Fabric8Config.from(c, Map.of());
    assertThat(f.getRequestTimeout()).isEqualTo(3000);
    assertThat(f.getRequestRetryBackoffLimit()).isZero();
    assertThat(f.getNamespace()).isEqualTo("apps");
    assertThat(c.toString()).doesNotContain("secret-token");
    try (KubernetesCluster cluster = KubernetesCluster.connect(c)) {
      lastAuthorization();
      cluster.namespaces();
      assertThat(lastAuthorization()).isEqualTo("Bearer secret-token");
    }
  }

  @Test
  void explicitConfigIsValidated() {
    assertThatThrownBy(() -> ClusterConfig.master("ftp://host").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> ClusterConfig.master(url).clientCertificate("cert", null).build())
        .hasMessageContaining("both");
    assertThatThrownBy(() -> ClusterConfig.master(url).retries(-1, Duration.ofSeconds(1)))
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> ClusterConfig.master(url).requestTimeout(Duration.ZERO))
        .hasMessageContaining("positive");
  }
}
