package dev.cloudnative.examples;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerInfo;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ExecResult;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.ImageInfo;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.docker.SessionLabels;
import dev.cloudnative.docker.engine.DockerEngine;
import dev.cloudnative.docker.inmemory.InMemoryDaemon;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The containers scenario: build an image FROM scratch with a static busybox, run a container to
 * completion and read its logs, run a long-lived one, exec into it, stop it with a grace period,
 * show that shell syntax in values stays inert, and leave nothing behind.
 *
 * <p>With {@code DOCKER_HOST} set (Docker or Podman) it runs on that engine and copies {@code
 * /bin/busybox} (Debian's busybox-static) into the image; otherwise on an in-memory daemon whose
 * {@code busybox} program implements the two applets used here, {@code echo} and {@code sleep}.
 */
public final class ContainersExample {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private ContainersExample() {}

  public static void main(String[] args) {
    boolean real = System.getenv("DOCKER_HOST") != null;
    try (ContainerEngine engine = real ? DockerEngine.fromEnvironment() : simulatedDaemon()) {
      Example.say("engine: " + engine.ping());
      run(engine, real);
    }
  }

  static void run(ContainerEngine engine, boolean real) {
    ImageInfo image =
        engine.build(
            ImageBuild.fromDirectory(context(real))
                .tag("cloudnative-example/hello:1")
                .onLine(line -> Example.say("  build: " + line.strip()))
                .build());
    Example.say("built " + image.id());

    String once =
        engine.run(
            ContainerSpec.builder("cloudnative-example/hello:1")
                .command("echo", "hello from a container")
                .build());
    Example.say(
        "exit code "
            + engine.waitForExit(once, Duration.ofSeconds(30))
            + ", logs: "
            + engine.logs(once, LogOptions.all()).stdout().strip());

    String inert =
        engine.run(
            ContainerSpec.builder("cloudnative-example/hello:1")
                .env("GREETING", "$(id); touch /tmp/pwned")
                .command("echo", "x; rm -rf /", "`id`")
                .build());
    engine.waitForExit(inert, Duration.ofSeconds(30));
    Example.say(
        "shell syntax stays inert: " + engine.logs(inert, LogOptions.all()).stdout().strip());

    String service =
        engine.run(
            ContainerSpec.builder("cloudnative-example/hello:1")
                .name("example-sleeper")
                .label("tier", "demo")
                .command("sleep", "300")
                .build());
    ExecResult exec =
        engine.exec(service, List.of("/bin/busybox", "echo", "exec works"), Duration.ofSeconds(30));
    Example.say("exec: exit " + exec.exitCode() + ", " + exec.stdout().strip());
    ContainerInfo info = engine.inspect(service);
    Example.say(
        "inspect: " + info.name() + " " + info.state() + " labels " + info.labels().get("tier"));
    engine.stop(service, Duration.ofSeconds(2));
    Example.say("stopped: " + engine.inspect(service).state());
    engine.stop(service, Duration.ofSeconds(2));
    Example.say("stopping again is not an error");

    List<ContainerInfo> mine = engine.list(Map.of(SessionLabels.SESSION, engine.sessionId()), true);
    Example.say("this session's containers: " + mine.size());
    Example.say(
        "removed at the end of the session: " + engine.removeSessionResources() + " resources");
  }

  // An in-memory daemon; its busybox program knows echo and sleep, the applets this example uses.
  private static ContainerEngine simulatedDaemon() {
    return InMemoryDaemon.builder()
        .program("busybox", ContainersExample::busybox)
        .build()
        .connect();
  }

  private static int busybox(ProgramContext context) throws InterruptedException {
    List<String> argv = context.args();
    String applet = argv.size() > 1 ? argv.get(1) : "";
    switch (applet) {
      case "echo" -> {
        context.out(String.join(" ", argv.subList(2, argv.size())));
        return 0;
      }
      case "sleep" -> {
        context.awaitStop(Duration.ofSeconds(Long.parseLong(argv.get(2))));
        return 0;
      }
      default -> {
        context.err(applet + ": applet not found");
        return 127;
      }
    }
  }

  private static Path context(boolean real) {
    try {
      Path dir = Files.createTempDirectory("cloudnative-containers-example");
      if (real) {
        Files.copy(BUSYBOX, dir.resolve("busybox"));
      } else {
        Files.writeString(
            dir.resolve("busybox"), "in-memory busybox: the daemon's program stands in for it\n");
      }
      Files.writeString(
          dir.resolve("Dockerfile"),
          String.join(
              "\n",
              "FROM scratch",
              "COPY busybox /bin/busybox",
              "ENTRYPOINT [\"/bin/busybox\"]",
              "CMD [\"echo\", \"hello\"]",
              ""));
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the build context (real engines need " + BUSYBOX + " from busybox-static)",
          e);
    }
  }
}
