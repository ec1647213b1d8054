package dev.cloudnative.docker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.docker.BuildFailedException;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.ImageInfo;
import dev.cloudnative.docker.ImageNotFoundException;
import dev.cloudnative.docker.InvalidSpecException;
import dev.cloudnative.docker.RegistryAuth;
import dev.cloudnative.docker.RegistryException;
import dev.cloudnative.docker.WaitStrategy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded registries of the in-memory daemon: strict (declared hosts only) and {@code
 * anyRegistry()}, shared by all sessions, and the build's base-image resolution. No reference here
 * is ever resolved or connected to.
 */
@Timeout(60)
class InMemoryRegistryTest {
  private static final Duration T = Duration.ofSeconds(10);
  @TempDir Path tmp;

  private Path context(String dockerfile) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "ctx");
    Files.writeString(dir.resolve("index.html"), "<h1>shop 1.0</h1>\n");
    Files.writeString(dir.resolve("busybox"), "binary");
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    return dir;
  }

  private ImageInfo buildShop(ContainerEngine engine, String tag) throws IOException {
    return engine.build(
        ImageBuild.fromDirectory(
                context(
                    String.join(
                        "\n",
                        "FROM scratch",
                        "COPY index.html /www/index.html",
                        "COPY busybox /bin/busybox",
                        "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\","
                            + " \"/www\"]",
                        "")))
            .tag(tag)
            .build());
  }

  @Test
  void anyRegistryTakesPushesToAnyHostAndAnotherSessionPullsThem() throws IOException {
    InMemoryDaemon daemon = InMemoryDaemon.builder().anyRegistry().busybox().build();
    assertThat(daemon.acceptsAnyRegistry()).isTrue();
    try (ContainerEngine a = daemon.connect("a");
        ContainerEngine b = daemon.connect("b")) {
      ImageInfo shop = buildShop(a, "shop:1.0");
      for (String ref :
          List.of(
              "registry.local/shop:1.0",
              "localhost:5000/x:1",
              "127.0.0.1:5000/team/shop:2",
              "[::1]:5000/shop:3",
              "docker.io/example/shop:1.0")) {
        a.tag("shop:1.0", ref);
        a.push(ref, Optional.empty(), T);
        a.removeImage(ref, false);
        assertThat(b.findImage(ref)).as(ref).isEmpty();
        assertThat(b.pull(ref, Optional.empty(), T).id()).as(ref).isEqualTo(shop.id());
        assertThat(b.inspectImage(ref).tags()).as(ref).contains(ref.replace("docker.io/", ""));
      }
      assertThatThrownBy(() -> b.pull("registry.local/never-pushed:1", Optional.empty(), T))
          .isInstanceOf(ImageNotFoundException.class)
          .hasMessageContaining("embedded in-memory container engine")
          .hasMessageContaining("push it there first")
          .hasMessageContaining("DOCKER_HOST");
    }
  }

  @Test
  void aPushedImageIsPullableByItsDigest() throws IOException {
    InMemoryDaemon daemon = InMemoryDaemon.builder().anyRegistry().build();
    try (InMemoryContainerEngine a = daemon.connect("a")) {
      ImageInfo shop = buildShop(a, "registry.local/shop:1.0");
      a.push("registry.local/shop:1.0", Optional.empty(), T);
      String digest = InMemoryContainerEngine.digestOf(daemon.images.get(shop.id()));
      assertThat(digest).matches("sha256:[0-9a-f]{64}");
      a.removeImage("registry.local/shop:1.0", true);
      assertThat(a.pull("registry.local/shop@" + digest, Optional.empty(), T).id())
          .isEqualTo(shop.id());
    }
  }

  @Test
  void strictDaemonRefusesUndeclaredHostsNamingItselfAndTheWayOut() throws IOException {
    InMemoryDaemon daemon = InMemoryDaemon.builder().registry("registry.test:5000").build();
    assertThat(daemon.acceptsAnyRegistry()).isFalse();
    try (ContainerEngine engine = daemon.connect()) {
      buildShop(engine, "registry.local/shop:1.0");
      for (Runnable call :
          List.<Runnable>of(
              () -> engine.push("registry.local/shop:1.0", Optional.empty(), T),
              () -> engine.pull("registry.local/shop:1.0", Optional.empty(), T),
              () -> engine.pull("busybox:latest", Optional.empty(), T))) {
        assertThatThrownBy(call::run)
            .isInstanceOf(RegistryException.class)
            .hasMessageContaining("the embedded in-memory container engine has no registry")
            .hasMessageContaining("InMemoryDaemon.builder().registry(\"")
            .hasMessageContaining("InMemoryDaemon.builder().anyRegistry()")
            .hasMessageContaining("DOCKER_HOST")
            .satisfies(
                e ->
                    assertThat(e.getMessage())
                        .doesNotContain("dial tcp", "no such host", "lookup", "credential"));
      }
      engine.tag("registry.local/shop:1.0", "registry.test:5000/shop:1.0");
      engine.push("registry.test:5000/shop:1.0", Optional.empty(), T);
    }
  }

  @Test
  void declaredCredentialsAreRequiredEvenWithAnyRegistry() throws IOException {
    RegistryAuth auth = new RegistryAuth("secure.local:5000", "user", "secret");
    InMemoryDaemon daemon = InMemoryDaemon.builder().anyRegistry().registry(auth).build();
    try (ContainerEngine engine = daemon.connect()) {
      buildShop(engine, "secure.local:5000/shop:1.0");
      assertThatThrownBy(() -> engine.push("secure.local:5000/shop:1.0", Optional.empty(), T))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("requires the credentials")
          .hasMessageContaining("none were given");
      assertThatThrownBy(
              () ->
                  engine.push(
                      "secure.local:5000/shop:1.0",
                      Optional.of(new RegistryAuth("secure.local:5000", "user", "wrong")),
                      T))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("do not match");
      engine.push("secure.local:5000/shop:1.0", Optional.of(auth), T);
    }
  }

  @Test
  void registryAddressesMustBeHostsAsWrittenInReferences() {
    assertThatThrownBy(() -> InMemoryDaemon.builder().registry("http://registry.local"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("http://registry.local");
    assertThatThrownBy(() -> InMemoryDaemon.builder().registry("registry"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("localhost:5000");
    InMemoryDaemon.builder()
        .registry("localhost")
        .registry("127.0.0.1:5000")
        .registry("[::1]:5000")
        .build();
  }

  @Test
  void aMissingBaseImageFailsTheBuildNamingTheEngineAndWhatToDo() throws IOException {
    try (ContainerEngine engine = InMemoryDaemon.builder().anyRegistry().build().connect()) {
      for (String base :
          List.of("nginx:1.27", "registry.local/base:1", "localhost:5000/team/base")) {
        Path ctx = context("FROM " + base + "\nCOPY index.html /www/index.html\n");
        assertThatThrownBy(() -> engine.build(ImageBuild.fromDirectory(ctx).tag("app:1").build()))
            .isInstanceOfSatisfying(
                BuildFailedException.class,
                e -> {
                  assertThat(e.failedStep()).isEqualTo("Step 1/2 : FROM " + base);
                  assertThat(e.getMessage())
                      .contains(
                          "base image " + base,
                          "embedded in-memory container engine",
                          "FROM scratch",
                          "InMemoryDaemon.builder().program(",
                          "DOCKER_HOST")
                      .doesNotContain("pull access denied", "docker login", "dial tcp");
                });
      }
      Path upper = context("FROM Shop:1.0\n");
      assertThatThrownBy(() -> engine.build(ImageBuild.fromDirectory(upper).tag("app:1").build()))
          .isInstanceOf(BuildFailedException.class)
          .hasMessageContaining("lower-case");
    }
  }

  @Test
  void aBaseImageInAnEmbeddedRegistryIsPulledByTheBuild() throws IOException {
    InMemoryDaemon daemon = InMemoryDaemon.builder().anyRegistry().build();
    try (ContainerEngine publisher = daemon.connect("publisher");
        ContainerEngine user = daemon.connect("user")) {
      ImageInfo base = buildShop(publisher, "registry.local/base:1");
      publisher.push("registry.local/base:1", Optional.empty(), T);
      publisher.removeImage("registry.local/base:1", true);
      List<String> lines = new java.util.ArrayList<>();
      ImageInfo app =
          user.build(
              ImageBuild.fromDirectory(context("FROM registry.local/base:1\nLABEL app=yes\n"))
                  .tag("app:1")
                  .onLine(lines::add)
                  .build());
      assertThat(app.labels()).containsEntry("app", "yes");
      assertThat(user.inspectImage("registry.local/base:1").id()).isEqualTo(base.id());
      assertThat(lines)
          .containsExactly(
              "Step 1/2 : FROM registry.local/base:1",
              "Step 2/2 : LABEL app=yes",
              "Successfully built " + app.id().substring(7, 19),
              "Successfully tagged app:1");
    }
  }

  @Test
  void embeddedIsAnyRegistryWithBusyboxAndServesTheExampleImage() throws Exception {
    try (InMemoryContainerEngine engine = InMemoryContainerEngine.create()) {
      assertThat(engine.daemon().acceptsAnyRegistry()).isTrue();
      buildShop(engine, "shop:1.0");
      String id =
          engine.run(
              ContainerSpec.builder("shop:1.0")
                  .publish(8080)
                  .waitingFor(WaitStrategy.forHttp(8080, "/").forStatus(200))
                  .build());
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + engine.inspect(id).mappedPort(8080) + "/"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.body()).isEqualTo("<h1>shop 1.0</h1>\n");
      engine.tag("shop:1.0", "registry.local/shop:1.0");
      engine.push("registry.local/shop:1.0", Optional.empty(), T);
      try (ContainerEngine other = engine.daemon().connect()) {
        assertThat(other.pull("registry.local/shop:1.0", Optional.empty(), T).id())
            .isEqualTo(engine.inspectImage("shop:1.0").id());
      }
    }
  }

  @Test
  void familiarNamesFindTheSameImage() throws IOException {
    try (ContainerEngine engine = InMemoryContainerEngine.create()) {
      ImageInfo shop = buildShop(engine, "shop");
      for (String alias :
          List.of(
              "shop",
              "shop:latest",
              "docker.io/library/shop",
              "docker.io/library/shop:latest",
              "library/shop:latest")) {
        assertThat(engine.inspectImage(alias).id()).as(alias).isEqualTo(shop.id());
      }
    }
  }
}
