package dev.cloudnative.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.EngineEnv;
import dev.cloudnative.docker.EngineInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * tcp+TLS against a real Docker Engine listening with mutual TLS ({@code --tlsverify}, a test CA
 * made by {@code .ci/engines}): with the client certificate folder the engine answers; without it
 * the handshake fails and the error names the host.
 */
@Timeout(120)
class DockerEngineTlsTest {

  @Test
  void mutualTlsConnectsWithTheClientCertificates() {
    String host = EngineEnv.require("CLOUDNATIVE_DOCKER_TLS_HOST");
    Path certs = Path.of(EngineEnv.require("CLOUDNATIVE_DOCKER_CERT_PATH"));
    try (DockerEngine engine =
        DockerEngine.connect(EngineConfig.custom().host(host).tls(certs, true).build())) {
      EngineInfo info = engine.ping();
      assertThat(info.endpoint()).isEqualTo(host);
      assertThat(engine.list(Map.of(), true)).isNotNull();
    }
  }

  @Test
  void withoutClientCertificatesTheEngineRefusesAndTheErrorNamesTheHost() {
    String host = EngineEnv.require("CLOUDNATIVE_DOCKER_TLS_HOST");
    assertThatThrownBy(
            () ->
                DockerEngine.connect(
                    EngineConfig.custom().host(host).connectTimeout(Duration.ofSeconds(5)).build()))
        .isInstanceOf(DockerException.class)
        .hasMessageContaining(host);
  }
}
