package dev.cloudnative.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every example's main class as its own JVM, as a user would, on the embedded backends (no
 * Docker host, no kubeconfig, no storage nodes in its environment), and checks its exit code and
 * key output lines.
 */
class ExamplesSmokeTest {

  @TempDir Path home;

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of(
            ContainersExample.class,
            List.of(
                "build: Step 2/4 : COPY busybox /bin/busybox",
                "exit code 0, logs: hello from a container",
                "shell syntax stays inert: x; rm -rf / `id`",
                "exec: exit 0, exec works",
                "inspect: example-sleeper RUNNING labels demo",
                "stopped: EXITED",
                "removed at the end of the session: 4 resources")),
        Arguments.of(
            AllExamples.class,
            List.of("=== containers", "=== the whole cloud-native app", "=== all 7 scenarios ran")),
        Arguments.of(
            CloudNativeAppExample.class,
            List.of(
                "cluster: InMemoryCluster (in memory)",
                "admin logged in: token for admin with roles [admin]",
                "await-rollout",
                "register-mesh",
                "pods run as containers on InMemoryContainerEngine",
                "first answer through the mesh",
                "traffic over 1000 requests: {shop 1.0=1000}",
                "route                 ",
                "release pipeline: SUCCEEDED",
                "5/5 pods ready (5 desired); rollout done",
                "  image shop:2.0",
                "req/s",
                "  config: currency=EUR, greeting=hello",
                "done")),
        Arguments.of(
            ScaleOutExample.class,
            List.of(
                "first answer (HTTP 200) through the mesh", "scale 1 -> 20 pods: all ready in",
                "{200=2000}; 20 of 20 pods served traffic", "done")),
        Arguments.of(
            PipelineExample.class,
            List.of(
                "test/unit: 1 test passed", "build/image: built web:1.0 sha256:",
                "deploy/rollout: await-rollout", "verify/pods: 2 pods ready",
                "cleanup (finally)   SUCCEEDED", "pipeline succeeded")),
        Arguments.of(
            KubernetesExample.class,
            List.of(
                "deployment \"shop/web\" successfully rolled out",
                "scaled: 4 ready pods, service endpoints 4",
                "1 out of 4 new replicas have been updated",
                "-> 6 replicas (bounds 2..6)",
                "<h1>web 1.28</h1>",
                "response:200",
                "deleted; deployments left in shop: 0")),
        Arguments.of(
            SecurityExample.class,
            List.of(
                "registration refused: Password rejected: [COMMON_PASSWORD]",
                "authorized orders:read for alice",
                "denied: Subject 'alice' lacks permission 'orders:delete'",
                "replayed refresh token refused (REFRESH_TOKEN_REUSED)",
                "token after the replay: Rejected[reason=REVOKED",
                "revoked by jti: Rejected[reason=REVOKED")),
        Arguments.of(
            DpopExample.class,
            List.of(
                "token request without nonce: 400 {\"error\":\"use_dpop_nonce\"}",
                "token request with nonce: token_type DPoP",
                "first call: 200 orders of alice",
                "second call with a new proof: 200 orders of alice",
                "replayed proof: 401 refused (REPLAYED)",
                "stolen token with the thief's key: 401 refused (KEY_MISMATCH)",
                "stolen token as a bearer token: 401 refused (SENDER_CONSTRAINED)")),
        Arguments.of(
            StorageExample.class,
            List.of(
                "N=3, W=2, R=2, read-your-writes: true",
                "down, write acknowledged; read: Ada Lovelace",
                "the write is refused: write of key 'user:42' needed 2 replica acknowledgements but"
                    + " got 1",
                "hints pending: 0",
                "user:42 read at ALL: Ada King",
                "1000 of 1000 keys readable after the join")),
        Arguments.of(
            ServiceMeshExample.class,
            List.of(
                "20 requests from testers (x-tester: true): {200 v2=20}",
                "v1-b now answers 503; 1000 requests: {200 v1-a=",
                "circuit of v1-b: OPEN, of v1-a: CLOSED")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void runsAndPrintsItsStory(Class<?> main, List<String> expected)
      throws IOException, InterruptedException {
    String output = ExampleJvm.run(main.getName(), "", home, Map.of());
    assertThat(output).contains(expected);
    assertThat(output)
        .as("no request failed while a healthy endpoint existed")
        .doesNotContain("503 v1-b");
  }
}
