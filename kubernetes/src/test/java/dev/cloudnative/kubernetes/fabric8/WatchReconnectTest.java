package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.kubernetes.WatchEvent;
import dev.cloudnative.kubernetes.WatchListener;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A watch survives the API server going away: the server is shut down and a new one (with different
 * contents) started on the same port; the informer under the watch reconnects, so the listener sees
 * the new server's objects without being closed. (The mock ignores resourceVersion and replays its
 * objects as ADDED on every new watch, so the informer has no reason to re-list; a real server
 * answers 410 Gone and it re-lists.)
 */
class WatchReconnectTest {

  @Test
  void watchReListsAndReWatchesAfterTheServerRestarts() throws Exception {
    MockApiServer first = new MockApiServer();
    String host = first.server.getHostName();
    int port = first.server.getPort();
    List<WatchEvent<DeploymentInfo>> events = new CopyOnWriteArrayList<>();
    List<KubernetesException> closes = new CopyOnWriteArrayList<>();
    KubernetesCluster cluster = first.cluster("test");
    Subscription watch =
        cluster.watchDeployments(
            "test",
            new WatchListener<>() {
              @Override
              public void onEvent(WatchEvent<DeploymentInfo> event) {
                events.add(event);
              }

              @Override
              public void onClose(KubernetesException reason) {
                closes.add(reason);
              }
            });
    KubernetesMockServer second = null;
    try {
      cluster.apply(DeploymentSpec.named("before").running("app:1").inNamespace("test").build());
      awaitEvent(events, WatchEvent.Type.ADDED, "before");

      first.close();
      @SuppressWarnings("deprecation")
      Context context = new Context(Serialization.jsonMapper());
      Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
      second =
          new KubernetesMockServer(
              context,
              new MockWebServer(),
              responses,
              new KubernetesMixedDispatcher(responses),
              false);
      second.init(InetAddress.getByName(host), port);
      try (KubernetesClient client = second.createClient()) {
        client
            .apps()
            .deployments()
            .inNamespace("test")
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName("after")
                    .withNamespace("test")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector()
                    .addToMatchLabels("app", "after")
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .addToLabels("app", "after")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("after")
                    .withImage("app:2")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
      }
      long restarted = System.nanoTime();
      awaitEvent(events, WatchEvent.Type.ADDED, "after");
      System.out.println(
          "watch resumed "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted)
              + " ms after the restart");
      assertThat(closes).isEmpty();
    } finally {
      watch.close();
      cluster.close();
      if (second != null) {
        second.destroy();
      }
    }
    assertThat(closes).containsExactly((KubernetesException) null);
  }

  private static void awaitEvent(
      List<WatchEvent<DeploymentInfo>> events, WatchEvent.Type type, String name)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (events.stream().anyMatch(e -> e.type() == type && e.object().name().equals(name))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + type + " event for " + name + " within 30s; saw " + events);
  }
}
