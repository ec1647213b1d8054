package dev.cloudnative.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Callers of one application cannot change each other's deploy: each describes its own immutable
 * spec, and a handle holds none. (Before, {@code cn.app(name)} handed every caller one mutable
 * builder, so one caller's {@code replicas(5)} became another caller's next deploy.)
 */
class ApplicationIsolationTest {

  private final InMemoryCluster cluster = InMemoryCluster.create();
  private final CloudNative cn = CloudNative.builder().cluster(cluster).build();

  @AfterEach
  void close() {
    cn.close();
  }

  @Test
  void whatAnotherCallerPreparesNeverReachesMyDeploy() {
    AppSpec mine = AppSpec.named("shop").image("shop:1.0").replicas(2).config("k", "mine").build();
    cn.deploy(mine);

    // another caller takes its own handle and prepares changes, but does not deploy them
    Application theirs = cn.app("shop");
    AppSpec.Builder theirChange =
        theirs.spec().orElseThrow().toBuilder().replicas(5).image("shop:9.9").config("k", "theirs");
    AppSpec.Builder theirOwn = AppSpec.named("shop").image("shop:6.6").replicas(6);

    DeployReport again = cn.app("shop").deploy();
    DeployReport explicit = cn.deploy(mine);

    assertThat(again.steps()).anySatisfy(s -> assertThat(s.detail()).isEqualTo("shop shop:1.0 x2"));
    assertThat(explicit.steps())
        .anySatisfy(s -> assertThat(s.detail()).isEqualTo("shop shop:1.0 x2"));
    assertThat(cluster.deployment(cn.namespace(), "shop"))
        .hasValueSatisfying(
            d -> {
              assertThat(d.replicas()).isEqualTo(2);
              assertThat(d.image()).isEqualTo("shop:1.0");
            });
    assertThat(cn.app("shop").status().config()).containsExactly(Map.entry("k", "mine"));
    assertThat(theirs.spec()).contains(mine);
    assertThat(theirChange.build().replicas()).isEqualTo(5);
    assertThat(theirOwn.build().replicas()).isEqualTo(6);
  }

  @Test
  void aTokenHandleLeavesTheHandleItCameFromAsItWas() {
    Application plain = cn.app("shop");
    Application withToken = plain.as("some-token");

    assertThat(withToken).isNotSameAs(plain);
    assertThat(withToken.name()).isEqualTo("shop");
    assertThat(plain.toString()).isEqualTo("Application[shop]");
    assertThat(withToken.toString()).isEqualTo("Application[shop, with a token]");
    assertThatThrownBy(() -> plain.as(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("accessToken");
  }

  @Test
  void concurrentDeploysOfTwoSpecsEachRollOutTheirOwnSpecWhole() throws Exception {
    AppSpec small = AppSpec.named("shop").image("shop:1.0").replicas(1).env("SIZE", "s").build();
    AppSpec large = AppSpec.named("shop").image("shop:2.0").replicas(3).env("SIZE", "l").build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (AppSpec spec : List.of(small, large)) {
        Callable<List<String>> caller =
            () -> {
              start.await();
              List<String> applied = new ArrayList<>();
              for (int i = 0; i < 10; i++) {
                DeployReport report = cn.app("shop").deploy(spec);
                report.steps().stream()
                    .filter(s -> s.step().equals("apply-deploy"))
                    .forEach(s -> applied.add(s.detail()));
              }
              return applied;
            };
        runs.add(callers.submit(caller));
      }
      start.countDown();

      // each caller's every deploy applied exactly its own image and replica count
      assertThat(runs.get(0).get(5, TimeUnit.MINUTES)).hasSize(10).containsOnly("shop shop:1.0 x1");
      assertThat(runs.get(1).get(5, TimeUnit.MINUTES)).hasSize(10).containsOnly("shop shop:2.0 x3");
    } finally {
      callers.shutdownNow();
    }
    // the deploys ran one at a time: what is in effect is one spec whole, never a mix of both
    AppSpec last = cn.app("shop").spec().orElseThrow();
    assertThat(last).isIn(small, large);
    DeploymentInfo deployed = cluster.deployment(cn.namespace(), "shop").orElseThrow();
    assertThat(deployed.image()).isEqualTo(last.image());
    assertThat(deployed.replicas()).isEqualTo(last.replicas());
  }
}
