package dev.cloudnative.examples;

import dev.cloudnative.core.AppSpec;
import dev.cloudnative.core.AppStatus;
import dev.cloudnative.core.Application;
import dev.cloudnative.core.CloudNative;
import dev.cloudnative.core.DeployReport;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.mesh.EndpointStats;
import dev.cloudnative.security.Rbac;
import dev.cloudnative.security.Security;
import dev.cloudnative.security.TokenClaims;
import dev.cloudnative.security.TokenConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole cloud-native app: an admin registers and logs in, then with the admin's token the app's
 * image is built, rolled out with a service, its configuration stored, its pods registered in the
 * mesh; real HTTP requests go through the mesh to the pods, which answer on loopback (containers of
 * the in-memory engine, or of Docker when {@code DOCKER_HOST} is set); a canary takes 20% of the
 * traffic, is promoted, the app scales (the traffic then reaches every pod), reports its status and
 * is removed. Each step prints what it did and how long it took.
 *
 * <p>Runs on real engines where {@code DOCKER_HOST}, a kubeconfig or {@code
 * CLOUDNATIVE_STORAGE_NODES} are set (see README), on embedded backends otherwise; the first lines
 * say which. With a real cluster, set {@code CLOUDNATIVE_EXAMPLE_IMAGE} to an image reference in a
 * registry the cluster can pull from: the example builds and pushes it there.
 */
public final class CloudNativeAppExample {

  private CloudNativeAppExample() {}

  public static void main(String[] args) {
    Security security =
        Security.custom()
            .tokens(
                TokenConfig.custom().issuer("cloudnative-example").audience("cloudnative").build())
            .rbac(
                Rbac.custom()
                    .grant("operator", Application.PERMISSION_READ, Application.PERMISSION_SCALE)
                    .grant("admin", Application.PERMISSION_DEPLOY, Application.PERMISSION_DELETE)
                    .inherit("admin", "operator")
                    .build())
            .build();
    try (CloudNative cn =
        CloudNative.environment().security(security).guardedBy(security.authorizer()).build()) {
      run(cn);
    }
  }

  static void run(CloudNative cn) {
    Example.say("backends:");
    cn.backends().forEach(b -> Example.say("  " + b));

    cn.security()
        .accounts()
        .register("admin", "correct horse battery staple".toCharArray(), Set.of("admin"));
    String token =
        cn.security()
            .login("admin", "correct horse battery staple".toCharArray())
            .accessToken()
            .value();
    TokenClaims claims = cn.security().tokens().verify(token).claimsOrThrow();
    Example.say(
        "admin logged in: token for "
            + claims.subject().orElse("?")
            + " with roles "
            + claims.roles());

    String image = System.getenv().getOrDefault("CLOUDNATIVE_EXAMPLE_IMAGE", "shop:1.0");
    AppSpec.Builder spec =
        AppSpec.named("shop")
            .buildFrom(Example.webSite("shop 1.0"))
            .image(image)
            .replicas(3)
            .expose(80, 8080)
            .env("MODE", "production")
            .config("greeting", "hello")
            .config("currency", "EUR");
    if (System.getenv("CLOUDNATIVE_EXAMPLE_IMAGE") != null) {
      spec.push();
    }
    Application shop = cn.app("shop").as(token);
    long deployStart = System.nanoTime();
    DeployReport deployed = shop.deploy(spec.build());
    Example.say(deployed.toString());
    String first = get(cn).body().trim();
    Example.say(
        String.format(
            "first answer through the mesh %d ms after deploy() began: %s",
            (System.nanoTime() - deployStart) / 1_000_000, first));

    Example.say("traffic over 1000 requests: " + traffic(cn, 1000));

    String imageV2 = image.replace(":1.0", ":2.0");
    cn.containers()
        .build(ImageBuild.fromDirectory(Example.webSite("shop 2.0")).tag(imageV2).build());
    if (System.getenv("CLOUDNATIVE_EXAMPLE_IMAGE") != null) {
      cn.containers().push(imageV2, Optional.empty(), Duration.ofMinutes(5));
    }
    Example.say("built " + imageV2);
    DeployReport canary = shop.canary("v2", imageV2, 20);
    Example.say(canary.toString());
    Example.say("traffic with the canary at 20%: " + traffic(cn, 1000));

    Example.say(shop.promote().toString());
    Example.say("traffic after promote: " + traffic(cn, 1000));

    long scaleStart = System.nanoTime();
    shop.scale(5);
    Example.say(
        String.format(
            "scaled to 5 pods, all ready in %d ms", (System.nanoTime() - scaleStart) / 1_000_000));
    traffic(cn, 500);
    Example.say("requests served per pod after scaling: " + perPod(cn));
    AppStatus status = shop.status();
    Example.say(
        "status: "
            + status.readyPods()
            + "/"
            + status.pods().size()
            + " pods ready, image "
            + status.image()
            + ", "
            + status.rollout().describe());
    Example.say("stored config: " + new TreeMap<>(status.config()));
    status.mesh().ifPresent(stats -> Example.say("mesh: " + stats.calls() + " calls routed"));

    Example.say(shop.undeploy().toString());
    Example.say("done");
  }

  // Each request goes through the mesh's route and load balancer to a pod, over a real loopback
  // connection; the
  // page the pod served says which version answered.
  private static Map<String, Integer> traffic(CloudNative cn, int requests) {
    Map<String, Integer> perVersion = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> page = get(cn);
      String version =
          page.statusCode() == 200
              ? page.body().replaceAll("<[^>]+>", "").trim()
              : "HTTP " + page.statusCode();
      perVersion.merge(version, 1, Integer::sum);
      if ((i + 1) % 250 == 0 && i + 1 < requests) {
        Example.say("  ... " + (i + 1) + " requests: " + perVersion);
      }
    }
    return perVersion;
  }

  private static HttpResponse<String> get(CloudNative cn) {
    return cn.http()
        .send(
            HttpRequest.newBuilder(URI.create("http://shop/")).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  // Successful requests per pod of the stable version, from the mesh's own statistics.
  private static Map<String, Long> perPod(CloudNative cn) {
    Map<String, Long> served = new TreeMap<>();
    cn.mesh()
        .stats("shop")
        .ifPresent(
            stats ->
                stats
                    .subsets()
                    .values()
                    .forEach(
                        subset -> {
                          for (EndpointStats e : subset.endpoints()) {
                            served.put(e.endpoint().id(), e.successes());
                          }
                        }));
    return served;
  }
}
