package dev.cloudnative.kubernetes.bench;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.RollingUpdate;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a user's test pays for a full simulated deploy + rolling update of {@code replicas} pods in
 * {@link InMemoryCluster} (no competitor: nothing else simulates the controllers in-process).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SimulationBenchmark {

  @Param({"3", "30"})
  public int replicas;

  @Benchmark
  public RolloutStatus deployAndRollOut() {
    InMemoryCluster cluster = InMemoryCluster.create();
    cluster.apply(
        DeploymentSpec.named("web")
            .running("app:1")
            .withReplicas(replicas)
            .rollingUpdate(RollingUpdate.of(1, 0))
            .build());
    cluster.awaitRollout(null, "web", Duration.ofHours(1), RolloutListener.NONE);
    cluster.updateImage(null, "web", "app:2");
    RolloutStatus done =
        cluster.awaitRollout(null, "web", Duration.ofHours(1), RolloutListener.NONE);
    cluster.close();
    return done;
  }
}
