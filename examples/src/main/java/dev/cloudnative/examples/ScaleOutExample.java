package dev.cloudnative.examples;

import dev.cloudnative.core.AppSpec;
import dev.cloudnative.core.CloudNative;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.mesh.EndpointStats;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local pod runtime, measured: how long from {@code deploy()} to the first successful request
 * through the mesh, and how long scaling from 1 to 20 pods takes until all are ready, then 2,000
 * requests to show the traffic reaches every one of the 20 pods. Runs on the embedded engine, or on
 * Docker when {@code DOCKER_HOST} is set (each pod is then a real container running the static
 * busybox at {@code /bin/busybox}).
 */
public final class ScaleOutExample {

  private static final int PODS = 20;
  private static final int REQUESTS = 2_000;

  private ScaleOutExample() {}

  public static void main(String[] args) {
    try (CloudNative cn = CloudNative.fromEnvironment()) {
      cn.backends().forEach(b -> Example.say("  " + b));
      String image = "scale-out:1.0";
      cn.containers()
          .build(ImageBuild.fromDirectory(Example.webSite("scale-out")).tag(image).build());

      long start = System.nanoTime();
      cn.deploy(AppSpec.named("scale-out").image(image).replicas(1).expose(80, 8080).build());
      long deployed = System.nanoTime();
      int status = get(cn).statusCode();
      long firstAnswer = System.nanoTime();
      Example.say(
          String.format(
              "deploy() took %d ms; first answer (HTTP %d) through the mesh %d ms after deploy()"
                  + " began",
              ms(deployed - start), status, ms(firstAnswer - start)));

      long scaleStart = System.nanoTime();
      cn.app("scale-out").scale(PODS);
      Example.say(
          String.format(
              "scale 1 -> %d pods: all ready in %d ms", PODS, ms(System.nanoTime() - scaleStart)));

      Map<Integer, Integer> codes = new TreeMap<>();
      long trafficStart = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        codes.merge(get(cn).statusCode(), 1, Integer::sum);
      }
      long trafficNanos = System.nanoTime() - trafficStart;
      Map<String, Long> perPod = new TreeMap<>();
      cn.mesh()
          .stats("scale-out")
          .ifPresent(
              stats ->
                  stats
                      .subsets()
                      .values()
                      .forEach(
                          subset -> {
                            for (EndpointStats e : subset.endpoints()) {
                              perPod.put(e.endpoint().id(), e.successes());
                            }
                          }));
      long reached = perPod.values().stream().filter(n -> n > 0).count();
      Example.say(
          String.format(
              "%d requests in %d ms (%.0f µs each): %s; %d of %d pods served traffic",
              REQUESTS, ms(trafficNanos), trafficNanos / 1e3 / REQUESTS, codes, reached, PODS));
      Example.say("requests per pod: " + perPod.values());
      cn.app("scale-out").undeploy();
      Example.say("done");
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static HttpResponse<String> get(CloudNative cn) {
    return cn.http()
        .send(
            HttpRequest.newBuilder(URI.create("http://scale-out/")).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
