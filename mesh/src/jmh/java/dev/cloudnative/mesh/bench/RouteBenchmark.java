package dev.cloudnative.mesh.bench;

import dev.cloudnative.mesh.Destination;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.RequestMatch;
import dev.cloudnative.mesh.RouteRule;
import dev.cloudnative.mesh.RouteTable;
import dev.cloudnative.mesh.StringMatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route evaluation over a table of 5 header rules (exact and prefix matches) and a weighted default
 * split: the request either matches the last rule (all 5 evaluated) or none (falls to the 80/20
 * default), then a destination subset is drawn.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RouteBenchmark {

  /** Which request is routed. */
  public enum Case {
    LAST_RULE,
    DEFAULT_ROUTE
  }

  @Param({"LAST_RULE", "DEFAULT_ROUTE"})
  public Case request;

  private RouteTable table;
  private MeshRequest meshRequest;

  @Setup(Level.Trial)
  public void setUp() {
    table =
        RouteTable.forService("reviews")
            .when(RequestMatch.headerExact("x-tester", "alice"))
            .routeTo("v3")
            .when(RequestMatch.header("x-region", StringMatch.prefix("eu-")))
            .routeTo("v2")
            .when(RequestMatch.headerExact("x-canary", "always"))
            .routeTo("v2")
            .when(RequestMatch.header("user-agent", StringMatch.prefix("curl/")))
            .routeTo("v1")
            .when(RequestMatch.headerExact("x-tenant", "gold"))
            .split(Destination.of("v2", 50), Destination.of("v3", 50))
            .otherwise()
            .split(Destination.of("v1", 80), Destination.of("v2", 20));
    meshRequest =
        MeshRequest.builder()
            .path("/api/reviews/42")
            .header("x-region", "us-east")
            .header("user-agent", "java/17")
            .header("x-tenant", request == Case.LAST_RULE ? "gold" : "silver")
            .header("accept", "application/json")
            .build();
  }

  private String route() {
    RouteRule rule = table.matchOrNull(meshRequest);
    int total = rule.totalWeight();
    return rule.subsetFor(ThreadLocalRandom.current().nextInt(total));
  }

  @Benchmark
  @Threads(1)
  public String evaluate1Thread() {
    return route();
  }

  @Benchmark
  @Threads(2)
  public String evaluate2Threads() {
    return route();
  }
}
