package dev.cloudnative.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.core.Backend;
import dev.cloudnative.core.CloudNative;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fromEnvironment's choices: configured and answering means real; otherwise embedded, with the
 * reason shown.
 */
class EnvironmentBackendsTest {

  @TempDir Path home;

  @Test
  void nothingConfiguredMeansEmbeddedBackendsWithReasons() {
    try (CloudNative cn =
        EnvironmentBackends.detect(CloudNative.builder(), Map.<String, String>of()::get, home)
            .build()) {
      assertThat(backend(cn, "cluster").real()).isFalse();
      assertThat(backend(cn, "cluster").detail()).contains("no kubeconfig");
      assertThat(backend(cn, "storage").detail()).contains("CLOUDNATIVE_STORAGE_NODES not set");
      assertThat(backend(cn, "mesh").real()).isTrue();
    }
  }

  @Test
  void configuredButUnreachableEnginesFallBackQuicklyAndSayWhy() {
    Map<String, String> env =
        Map.of(
            "DOCKER_HOST", "tcp://127.0.0.1:1", EnvironmentBackends.STORAGE_NODES, "127.0.0.1:1");
    long start = System.nanoTime();
    try (CloudNative cn =
        EnvironmentBackends.detect(CloudNative.builder(), env::get, home).build()) {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      assertThat(backend(cn, "containers").real()).isFalse();
      assertThat(backend(cn, "containers").detail())
          .contains("unreachable")
          .contains("127.0.0.1:1");
      assertThat(backend(cn, "storage").real()).isFalse();
      assertThat(backend(cn, "storage").detail())
          .contains("no Redis node answers")
          .contains("127.0.0.1:1");
    }
  }

  @Test
  void malformedStorageNodesAreRejectedWithTheRule() {
    assertThatThrownBy(
            () ->
                EnvironmentBackends.detect(
                    CloudNative.builder(),
                    Map.of(EnvironmentBackends.STORAGE_NODES, "redis-without-port")::get,
                    home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be host:port");
    assertThatThrownBy(
            () ->
                EnvironmentBackends.detect(
                    CloudNative.builder(),
                    Map.of(EnvironmentBackends.STORAGE_NODES, "h:99999")::get,
                    home))
        .hasMessageContaining("allowed 1..65535");
  }

  private static Backend backend(CloudNative cn, String module) {
    return cn.backends().stream().filter(b -> b.module().equals(module)).findFirst().orElseThrow();
  }
}
