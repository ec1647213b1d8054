package dev.cloudnative.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.EngineEnv;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.docker.Logs;
import dev.cloudnative.docker.SessionLabels;
import dev.cloudnative.docker.Subscription;
import dev.cloudnative.docker.WaitStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module README's snippet, verbatim apart from where the endpoint comes from, run on dockerd.
 */
@Timeout(120)
class ReadmeExampleTest {
  @TempDir Path web;

  @Test
  void readmeSnippetRuns() throws Exception {
    EngineConfig config =
        EngineConfig.custom().host(EngineEnv.require("CLOUDNATIVE_DOCKER_HOST")).build();
    Files.copy(Path.of(EngineEnv.require("CLOUDNATIVE_BUSYBOX")), web.resolve("busybox"));
    Files.createDirectories(web.resolve("www"));
    Files.writeString(web.resolve("www/index.html"), "hello\n");
    Files.writeString(
        web.resolve("Dockerfile"),
        "FROM scratch\nCOPY busybox /bin/busybox\n"
            + "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCOPY www /www\n");
    String session;
    // --- README snippet start
    try (ContainerEngine engine = DockerEngine.connect(config)) {
      engine.build(
          ImageBuild.fromDirectory(web).tag("example/web:1").onLine(System.out::println).build());
      String id =
          engine.run(
              ContainerSpec.builder("example/web:1")
                  .name("web-example")
                  .command("httpd", "-f", "-v", "-p", "8080", "-h", "/www")
                  .publish(8080)
                  .waitingFor(
                      WaitStrategy.forHttp(8080, "/")
                          .forStatus(200)
                          .withStartupTimeout(Duration.ofSeconds(30)))
                  .build());
      int port = engine.inspect(id).mappedPort(8080);
      System.out.println("serving on http://" + engine.publishedPortHost() + ":" + port + "/");
      try (Subscription follow =
          engine.followLogs(id, LogOptions.all(), l -> System.out.println(l.text()))) {
        engine.stop(id, Duration.ofSeconds(5));
        follow.awaitEnd(Duration.ofSeconds(10));
      }
      Logs last = engine.logs(id, LogOptions.all().tail(20));
      System.out.println(last.stderr());
      // --- README snippet end
      session = engine.sessionId();
    } // close() removed the container and the image: they carry this session's label
    try (ContainerEngine observer = DockerEngine.connect(config)) {
      assertThat(observer.list(Map.of(SessionLabels.SESSION, session), true)).isEmpty();
      assertThat(observer.findImage("example/web:1")).isEmpty();
    }
  }
}
