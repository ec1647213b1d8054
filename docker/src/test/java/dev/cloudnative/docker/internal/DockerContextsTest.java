package dev.cloudnative.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.docker.DockerException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerContextsTest {
  @TempDir Path home;

  @Test
  void dockerHostWins() {
    assertThat(DockerContexts.resolve(Map.of("DOCKER_HOST", "tcp://h:2375"), home).host())
        .isEqualTo("tcp://h:2375");
  }

  @Test
  void defaultsToTheStandardSocket() {
    assertThat(DockerContexts.resolve(Map.of(), home).host())
        .isEqualTo("unix:///var/run/docker.sock");
  }

  @Test
  void currentContextFromConfigJson() throws Exception {
    Path docker = Files.createDirectories(home.resolve(".docker"));
    Files.writeString(docker.resolve("config.json"), "{\"currentContext\":\"podman\"}");
    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("podman".getBytes(StandardCharsets.UTF_8)));
    Path meta = Files.createDirectories(docker.resolve("contexts/meta/" + hash));
    Files.writeString(
        meta.resolve("meta.json"),
        "{\"Name\":\"podman\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///run/podman/podman.sock\"}}}");
    assertThat(DockerContexts.resolve(Map.of(), home).host())
        .isEqualTo("unix:///run/podman/podman.sock");
    assertThatThrownBy(() -> DockerContexts.resolve(Map.of("DOCKER_CONTEXT", "missing"), home))
        .isInstanceOf(DockerException.class)
        .hasMessageContaining("missing");
  }
}
