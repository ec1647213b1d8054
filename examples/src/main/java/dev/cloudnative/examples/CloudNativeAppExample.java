package dev.cloudnative.examples;

import dev.cloudnative.core.AppStatus;
import dev.cloudnative.core.Application;
import dev.cloudnative.core.CloudNative;
import dev.cloudnative.core.DeployReport;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.security.Rbac;
import dev.cloudnative.security.Security;
import dev.cloudnative.security.TokenClaims;
import dev.cloudnative.security.TokenConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole cloud-native app: an admin registers and logs in, then with the admin's token the app's image is
 * built, rolled out with a service, its configuration stored, its pods registered in the mesh; a canary takes 20%
 * of the traffic, is promoted, the app scales, reports its status and is removed.
 *
 * <p>Runs on real engines where {@code DOCKER_HOST}, a kubeconfig or {@code CLOUDNATIVE_STORAGE_NODES} are set
 * (see README), on embedded backends otherwise; the first lines say which. With a real cluster, set
 * {@code CLOUDNATIVE_EXAMPLE_IMAGE} to an image reference in a registry the cluster can pull from: the example
 * builds and pushes it there.
 */
public final class CloudNativeAppExample {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private CloudNativeAppExample() {
  }

  public static void main(String[] args) {
    Security security = Security.custom()
        .tokens(TokenConfig.custom().issuer("cloudnative-example").audience("cloudnative").build())
        .rbac(Rbac.custom()
            .grant("operator", Application.PERMISSION_READ, Application.PERMISSION_SCALE)
            .grant("admin", Application.PERMISSION_DEPLOY, Application.PERMISSION_DELETE)
            .inherit("admin", "operator")
            .build())
        .build();
    try (CloudNative cn = CloudNative.environment().security(security).guardedBy(security.authorizer()).build()) {
      run(cn);
    }
  }

  static void run(CloudNative cn) {
    Example.say("backends:");
    cn.backends().forEach(b -> Example.say("  " + b));

    cn.security().accounts().register("admin", "correct horse battery staple".toCharArray(), Set.of("admin"));
    String token = cn.security().login("admin", "correct horse battery staple".toCharArray()).accessToken().value();
    TokenClaims claims = cn.security().tokens().verify(token).claimsOrThrow();
    Example.say("admin logged in: token for " + claims.subject().orElse("?") + " with roles " + claims.roles());

    String image = System.getenv().getOrDefault("CLOUDNATIVE_EXAMPLE_IMAGE", "shop:1.0");
    Application shop = cn.app("shop").as(token)
        .buildFrom(buildContext("shop 1.0")).image(image)
        .replicas(3).expose(80, 8080)
        .env("MODE", "production").config("greeting", "hello").config("currency", "EUR");
    if (System.getenv("CLOUDNATIVE_EXAMPLE_IMAGE") != null) {
      shop.push();
    }
    DeployReport deployed = shop.deploy();
    Example.say(deployed.toString());

    Example.say("traffic over 1000 requests: " + traffic(cn, 1000));

    String imageV2 = image.replace(":1.0", ":2.0");
    cn.containers().build(ImageBuild.fromDirectory(buildContext("shop 2.0")).tag(imageV2).build());
    if (System.getenv("CLOUDNATIVE_EXAMPLE_IMAGE") != null) {
      cn.containers().push(imageV2, Optional.empty(), Duration.ofMinutes(5));
    }
    Example.say("built " + imageV2);
    DeployReport canary = shop.canary("v2", imageV2, 20);
    Example.say(canary.toString());
    Example.say("traffic with the canary at 20%: " + traffic(cn, 1000));

    Example.say(shop.promote().toString());
    Example.say("traffic after promote: " + traffic(cn, 1000));

    shop.scale(5);
    AppStatus status = shop.status();
    Example.say("status: " + status.readyPods() + "/" + status.pods().size() + " pods ready, image " + status.image()
        + ", " + status.rollout().describe());
    Example.say("stored config: " + new TreeMap<>(status.config()));
    status.mesh().ifPresent(stats -> Example.say("mesh: " + stats.calls() + " calls routed"));

    Example.say(shop.undeploy().toString());
    Example.say("done");
  }

  // Each request goes through the mesh's route and load balancer; the call returns the version that served it.
  private static Map<String, Integer> traffic(CloudNative cn, int requests) {
    Map<String, Integer> perVersion = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      String version = cn.mesh().call("shop", MeshRequest.empty(),
          endpoint -> endpoint.labels().getOrDefault("version", "?"));
      perVersion.merge(version, 1, Integer::sum);
    }
    return perVersion;
  }

  // A FROM-scratch context that builds on Docker, Podman and the in-memory engine alike. With Debian's static
  // busybox on this machine the image really serves the page (busybox httpd), so real clusters can run it.
  private static Path buildContext(String page) {
    try {
      Path dir = Files.createTempDirectory("cloudnative-example");
      Files.writeString(dir.resolve("index.html"), "<h1>" + page + "</h1>\n");
      List<String> dockerfile = new ArrayList<>(List.of("FROM scratch",
          "LABEL org.opencontainers.image.title=shop", "COPY index.html /www/index.html"));
      if (Files.isExecutable(BUSYBOX)) {
        Files.copy(BUSYBOX, dir.resolve("busybox"));
        dockerfile.add("COPY busybox /bin/busybox");
      }
      dockerfile.addAll(List.of("EXPOSE 8080",
          "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]", ""));
      Files.writeString(dir.resolve("Dockerfile"), String.join("\n", dockerfile));
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the example's build context", e);
    }
  }
}
