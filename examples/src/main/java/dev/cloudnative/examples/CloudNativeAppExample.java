package dev.cloudnative.examples;

import dev.cloudnative.core.AppSpec;
import dev.cloudnative.core.AppStatus;
import dev.cloudnative.core.Application;
import dev.cloudnative.core.CloudNative;
import dev.cloudnative.core.DeployReport;
import dev.cloudnative.core.observability.PrometheusEndpoint;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.mesh.EndpointStats;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.security.Rbac;
import dev.cloudnative.security.Security;
import dev.cloudnative.security.TokenClaims;
import dev.cloudnative.security.TokenConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
 * is removed. Version 2.0 is released by a pipeline (build the image, then start the canary). Each
 * step prints what it did and how long it took, and the status is printed as {@link
 * AppStatus#describe()} renders it.
 *
 * <p>With {@code CLOUDNATIVE_METRICS_PORT} set (a loopback port, {@code 0} for any free one), every
 * module records into one Prometheus registry that the example serves at {@code
 * http://127.0.0.1:<port>/metrics} while it runs; with {@code CLOUDNATIVE_METRICS_AWAIT_SCRAPE} set
 * to a number of seconds as well, it waits up to that long for one more scrape before it removes
 * the application, so that a Prometheus server records the final figures.
 *
 * <p>Runs on real engines where {@code DOCKER_HOST}, a kubeconfig or {@code
 * CLOUDNATIVE_STORAGE_NODES} are set (see README), on embedded backends otherwise; the first lines
 * say which. With a real cluster, set {@code CLOUDNATIVE_EXAMPLE_IMAGE} to an image reference in a
 * registry the cluster can pull from: the example builds and pushes it there.
 */
public final class CloudNativeAppExample {

  private CloudNativeAppExample() {}

  /** The environment variable that turns on the Prometheus scrape endpoint. */
  public static final String METRICS_PORT = "CLOUDNATIVE_METRICS_PORT";

  /** Seconds to wait for a scrape before undeploying, when the endpoint is on. */
  public static final String METRICS_AWAIT_SCRAPE = "CLOUDNATIVE_METRICS_AWAIT_SCRAPE";

  public static void main(String[] args) {
    String port = System.getenv(METRICS_PORT);
    if (port == null || port.isBlank()) {
      try (CloudNative cn = build(Optional.empty())) {
        run(cn, () -> {});
      }
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (PrometheusEndpoint metrics =
            PrometheusEndpoint.onLoopback(registry, Integer.parseInt(port.trim()));
        CloudNative cn = build(Optional.of(registry))) {
      Example.say("metrics: " + metrics.uri());
      String await = System.getenv(METRICS_AWAIT_SCRAPE);
      run(
          cn,
          () -> {
            Example.say("metrics: " + registry.getMeters().size() + " meters at " + metrics.uri());
            if (await != null && !await.isBlank()) {
              boolean scraped =
                  metrics.awaitScrapes(
                      metrics.scrapes() + 1, Duration.ofSeconds(Long.parseLong(await.trim())));
              Example.say(
                  scraped
                      ? "metrics: scraped before undeploy"
                      : "metrics: no scrape within " + await.trim() + " s");
            }
          });
    } finally {
      registry.close();
    }
  }

  /**
   * The example's facade: the environment's engines, guarded by a security module with an admin and
   * an operator role; with a registry, every module (security included) records into it.
   */
  public static CloudNative build(Optional<MeterRegistry> registry) {
    CloudNative.Builder builder = CloudNative.builder();
    Security.Builder custom = Security.custom();
    registry.ifPresent(
        r -> {
          builder.meterRegistry(r);
          custom.meterRegistry(r);
        });
    Security security =
        custom
            .tokens(
                TokenConfig.custom().issuer("cloudnative-example").audience("cloudnative").build())
            .rbac(
                Rbac.custom()
                    .grant("operator", Application.PERMISSION_READ, Application.PERMISSION_SCALE)
                    .grant("admin", Application.PERMISSION_DEPLOY, Application.PERMISSION_DELETE)
                    .inherit("admin", "operator")
                    .build())
            .build();
    return builder.detectEnvironment().security(security).guardedBy(security.authorizer()).build();
  }

  /**
   * Runs the whole scenario on {@code cn}; {@code beforeUndeploy} runs while the application still
   * serves (its traffic counted, its status printed), just before it is removed.
   */
  public static void run(CloudNative cn, Runnable beforeUndeploy) {
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
    release(cn, shop, imageV2);
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
    Example.say("status: " + status.describe());
    status.mesh().ifPresent(stats -> Example.say("mesh: " + stats.calls() + " calls routed"));

    beforeUndeploy.run();
    Example.say(shop.undeploy().toString());
    Example.say("done");
  }

  // Version 2.0 ships through a pipeline: the image is built (and pushed, for a real cluster), then
  // the canary starts with 20% of the traffic.
  private static void release(CloudNative cn, Application shop, String imageV2) {
    boolean push = System.getenv("CLOUDNATIVE_EXAMPLE_IMAGE") != null;
    Pipeline release =
        Pipeline.builder("release-shop")
            .timeout(Duration.ofMinutes(10))
            .stage(
                "build",
                s ->
                    s.java(
                        "image",
                        cn.steps()
                            .buildImage(
                                ImageBuild.fromDirectory(Example.webSite("shop 2.0"))
                                    .tag(imageV2)
                                    .build())))
            .stage(
                "push",
                s ->
                    s.needs("build")
                        .java(
                            "image",
                            push
                                ? cn.steps()
                                    .pushImage(imageV2, Optional.empty(), Duration.ofMinutes(5))
                                : ctx -> ctx.logger().info("nothing to push: embedded cluster")))
            .stage(
                "canary",
                s ->
                    s.needs("push")
                        .java(
                            "v2",
                            ctx -> {
                              DeployReport canary = shop.canary("v2", imageV2, 20);
                              Example.say(canary.toString());
                            }))
            .build();
    RunStatus result = cn.pipelines().run(release, event -> {});
    Example.say(
        "release pipeline: " + result.status() + " in " + result.duration().toMillis() + " ms");
    if (result.status() != Status.SUCCEEDED) {
      throw new IllegalStateException("release pipeline " + result.status());
    }
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
