package dev.cloudnative.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.EngineUnreachableException;
import dev.cloudnative.docker.InvalidSpecException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection failures need no engine: they must be typed, name the host, and return within the
 * connect timeout.
 */
@Timeout(60)
class DockerEngineConnectionTest {
  @TempDir Path tmp;

  @Test
  void closedTcpPortFailsFastNamingTheHost() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String host = "tcp://127.0.0.1:" + port;
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                DockerEngine.connect(
                    EngineConfig.custom().host(host).connectTimeout(Duration.ofSeconds(2)).build()))
        .isInstanceOf(EngineUnreachableException.class)
        .hasMessageContaining(host)
        .satisfies(e -> assertThat(((EngineUnreachableException) e).endpoint()).isEqualTo(host));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void missingUnixSocketFailsFastNamingTheHost() {
    String host = "unix://" + tmp.resolve("no-such-docker.sock");
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                DockerEngine.connect(
                    EngineConfig.custom().host(host).connectTimeout(Duration.ofSeconds(2)).build()))
        .isInstanceOf(EngineUnreachableException.class)
        .hasMessageContaining(host);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void acceptingButSilentServerIsBoundedByTheConnectDeadline() throws Exception {
    // A socket file that is not a Docker API: the connect succeeds, nothing answers. The ping must
    // still end.
    try (ServerSocket silent = new ServerSocket(0)) {
      String host = "tcp://127.0.0.1:" + silent.getLocalPort();
      long start = System.nanoTime();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  silent.accept();
                } catch (java.io.IOException ignored) {
                  // closed by the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      assertThatThrownBy(
              () ->
                  DockerEngine.connect(
                      EngineConfig.custom()
                          .host(host)
                          .connectTimeout(Duration.ofSeconds(1))
                          .build()))
          .isInstanceOf(dev.cloudnative.docker.DockerException.class)
          .hasMessageContaining(host);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void badHostsAreRejectedBeforeConnecting() {
    assertThatThrownBy(() -> EngineConfig.custom().host("http://x:1"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("http://x:1");
    assertThatThrownBy(() -> EngineConfig.custom().host("tcp://nohostport"))
        .isInstanceOf(InvalidSpecException.class);
    assertThatThrownBy(() -> EngineConfig.custom().apiVersion("v2"))
        .isInstanceOf(InvalidSpecException.class);
  }

  @Test
  void splitsTagsAfterTheLastSlash() {
    assertThat(DockerEngine.splitTag("127.0.0.1:5000/a/b:1"))
        .containsExactly("127.0.0.1:5000/a/b", "1");
    assertThat(DockerEngine.splitTag("127.0.0.1:5000/a/b"))
        .containsExactly("127.0.0.1:5000/a/b", "latest");
  }
}
