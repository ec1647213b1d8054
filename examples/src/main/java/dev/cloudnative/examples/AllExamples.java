package dev.cloudnative.examples;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs every scenario in turn, each under a heading: containers, Kubernetes, mesh, CI/CD, storage,
 * security, app.
 */
public final class AllExamples {

  private AllExamples() {}

  public static void main(String[] args) {
    List<Scenario> scenarios =
        List.of(
            new Scenario("containers", ContainersExample::main),
            new Scenario("kubernetes", KubernetesExample::main),
            new Scenario("service mesh", ServiceMeshExample::main),
            new Scenario("ci/cd pipeline", PipelineExample::main),
            new Scenario("distributed storage", StorageExample::main),
            new Scenario("security", SecurityExample::main),
            new Scenario("the whole cloud-native app", CloudNativeAppExample::main));
    for (Scenario scenario : scenarios) {
      Example.say("=== " + scenario.name());
      scenario.main().accept(args);
    }
    Example.say("=== all " + scenarios.size() + " scenarios ran");
  }

  private record Scenario(String name, Consumer<String[]> main) {}
}
