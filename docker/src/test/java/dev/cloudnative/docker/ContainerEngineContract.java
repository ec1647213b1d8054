package dev.cloudnative.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ContainerEngine} must show. Subclasses supply a connection to one
 * engine; the images are built here, through the engine, {@code FROM scratch} with a static
 * busybox.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class ContainerEngineContract {
  protected static final Duration EXIT = Duration.ofSeconds(30);

  protected ContainerEngine engine;
  protected String base;
  protected final List<String> buildLines = Collections.synchronizedList(new ArrayList<>());
  protected final String run = UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path tmp;

  /** Opens a new session (its own session id) on the engine under test. */
  protected abstract ContainerEngine connect(String sessionId);

  /** The static busybox binary copied into the test image. */
  protected abstract Path busybox();

  /** Registry with htpasswd auth reachable by the engine (host:port), with its credentials. */
  protected abstract RegistryAuth authRegistry();

  /** Anonymous registry reachable by the engine (host:port). */
  protected abstract String openRegistry();

  /** Whether the engine itself runs HEALTHCHECKs (Podman does not without systemd). */
  protected abstract boolean engineRunsHealthChecks();

  @BeforeAll
  void buildBaseImage() throws IOException {
    engine = connect("contract-" + run);
    Path ctx = Files.createTempDirectory("cn-ctx");
    Files.copy(busybox(), ctx.resolve("busybox"));
    Files.createDirectories(ctx.resolve("www"));
    Files.writeString(ctx.resolve("www/index.html"), "hello from busybox httpd\n");
    Files.writeString(
        ctx.resolve("Dockerfile"),
        String.join(
            "\n",
            "FROM scratch",
            "COPY busybox /bin/busybox",
            "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]",
            "COPY www /www",
            "ENV PATH=/bin",
            ""));
    base = "cn-test/busybox:" + run;
    ImageInfo image =
        engine.build(
            ImageBuild.fromDirectory(ctx)
                .tag(base)
                .label("test.kind", "base")
                .onLine(buildLines::add)
                .build());
    assertThat(image.id()).startsWith("sha256:").hasSize(71);
  }

  @AfterAll
  void closeSession() {
    if (engine != null) {
      engine.close();
      try (ContainerEngine observer = connect("observer-" + run)) {
        assertThat(observer.list(Map.of(SessionLabels.SESSION, "contract-" + run), true)).isEmpty();
      }
    }
  }

  private String runToExit(ContainerSpec spec) {
    String id = engine.run(spec);
    assertThat(engine.waitForExit(id, EXIT)).isGreaterThanOrEqualTo(0);
    return id;
  }

  // ---------------------------------------------------------------- engine and images

  @Test
  void pingNamesTheEngine() {
    EngineInfo info = engine.ping();
    assertThat(info.product()).isNotBlank();
    assertThat(info.version()).isNotBlank();
  }

  @Test
  void buildStreamsLinesReturnsFullIdAndLabelsTheImage() {
    assertThat(buildLines).isNotEmpty();
    ImageInfo image = engine.inspectImage(base);
    assertThat(image.id()).matches("sha256:[0-9a-f]{64}");
    assertThat(image.labels())
        .containsEntry("test.kind", "base")
        .containsEntry(SessionLabels.SESSION, engine.sessionId())
        .containsEntry(SessionLabels.MANAGED_BY, SessionLabels.MANAGED_BY_VALUE);
    assertThat(engine.listImages(Map.of(SessionLabels.SESSION, engine.sessionId())))
        .extracting(ImageInfo::id)
        .contains(image.id());
  }

  @Test
  void buildFailureNamesTheFailingStepAndKeepsTheLogTail() throws IOException {
    Path ctx = Files.createDirectories(tmp.resolve("failing"));
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM "
            + base
            + "\nRUN [\"/bin/busybox\", \"echo\", \"before-fail\"]\n"
            + "RUN [\"/bin/busybox\", \"false\"]\nLABEL never=reached\n");
    assertThatThrownBy(
            () -> engine.build(ImageBuild.fromDirectory(ctx).tag("cn-test/failing:" + run).build()))
        .isInstanceOfSatisfying(
            BuildFailedException.class,
            e -> {
              assertThat(e.failedStep()).contains("RUN").contains("false");
              assertThat(e.logTail()).isNotEmpty();
              assertThat(e.getMessage()).contains("false");
            });
  }

  @Test
  void buildHonoursArgsLabelsTargetAndDockerfilePath() throws IOException {
    Path ctx = Files.createDirectories(tmp.resolve("multi"));
    Files.createDirectories(ctx.resolve("sub"));
    Files.writeString(
        ctx.resolve("sub/Build.dockerfile"),
        String.join(
            "\n",
            "FROM " + base + " AS first",
            "ARG FLAVOUR=plain",
            "LABEL stage=first flavour=${FLAVOUR}",
            "FROM first AS second",
            "LABEL stage=second",
            ""));
    ImageInfo first =
        engine.build(
            ImageBuild.fromDirectory(ctx)
                .dockerfile("sub/Build.dockerfile")
                .tag("cn-test/multi:" + run)
                .buildArg("FLAVOUR", "spicy $(id)")
                .label("extra", "yes")
                .target("first")
                .noCache(true)
                .build());
    assertThat(first.labels())
        .containsEntry("stage", "first")
        .containsEntry("flavour", "spicy $(id)")
        .containsEntry("extra", "yes")
        .containsEntry(SessionLabels.SESSION, engine.sessionId());
  }

  @Test
  void tarContextBuilds() throws IOException {
    Path tar = tmp.resolve("ctx.tar");
    TarWriter.write(
        tar,
        Map.of(
            "Dockerfile",
            ("FROM " + base + "\nLABEL from=tar\n").getBytes(StandardCharsets.UTF_8)));
    ImageInfo image = engine.build(ImageBuild.fromTar(tar).tag("cn-test/tar:" + run).build());
    assertThat(image.labels()).containsEntry("from", "tar");
  }

  // ---------------------------------------------------------------- run, exit, logs

  @Test
  void runToExitReportsExitCodeAndSplitsStreams() {
    String id =
        runToExit(ContainerSpec.builder(base).command("ls", "/www", "/no-such-dir").build());
    ContainerInfo info = engine.inspect(id);
    assertThat(info.state()).isEqualTo(ContainerState.EXITED);
    assertThat(info.exitCode()).hasValue(1);
    Logs logs = engine.logs(id, LogOptions.all());
    assertThat(logs.stdout()).contains("index.html");
    assertThat(logs.stderr()).contains("/no-such-dir");
    assertThat(engine.logs(id, LogOptions.all().stdoutOnly()).stderr()).isEmpty();
    assertThat(engine.logs(id, LogOptions.all().stderrOnly()).stdout()).isEmpty();
  }

  @Test
  void logsTailAndSince() {
    String id = runToExit(ContainerSpec.builder(base).command("seq", "1", "50").build());
    assertThat(engine.logs(id, LogOptions.all().tail(3)).lines())
        .extracting(LogLine::text)
        .containsExactly("48", "49", "50");
    assertThat(engine.logs(id, LogOptions.all().since(Instant.now().plusSeconds(3600))).lines())
        .isEmpty();
    assertThat(engine.logs(id, LogOptions.all().since(Instant.now().minusSeconds(3600))).lines())
        .hasSize(50);
  }

  @Test
  void waitForExitTimesOutOnARunningContainer() {
    String id = engine.run(ContainerSpec.builder(base).command("sleep", "60").build());
    long start = System.nanoTime();
    assertThatThrownBy(() -> engine.waitForExit(id, Duration.ofSeconds(1)))
        .isInstanceOf(DockerTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    engine.kill(id);
    assertThat(engine.waitForExit(id, EXIT)).isEqualTo(137);
  }

  @Test
  @Timeout(330)
  void tenMegabytesOfLogsArriveCompleteAndInOrder() throws Exception {
    int n = 1_400_000; // "1".."1400000" plus newlines is about 10.1 MB
    // Both engines end a follow at once on a container that has not started, so start first: the
    // follow still
    // begins at the first line.
    String id =
        engine.run(ContainerSpec.builder(base).command("seq", "1", Integer.toString(n)).build());
    AtomicLong count = new AtomicLong();
    AtomicReference<String> firstBad = new AtomicReference<>();
    try (Subscription sub =
        engine.followLogs(
            id,
            LogOptions.all(),
            line -> {
              long expected = count.incrementAndGet();
              if (firstBad.get() == null && !line.text().equals(Long.toString(expected))) {
                firstBad.set("line " + expected + " was '" + line.text() + "'");
              }
            })) {
      assertThat(engine.waitForExit(id, Duration.ofSeconds(60))).isZero();
      // Podman needs full log reads here (its streaming follow loses lines): about 45 s per 10 MB
      // when idle.
      assertThat(sub.awaitEnd(Duration.ofSeconds(270))).isTrue();
    }
    assertThat(firstBad.get()).isNull();
    assertThat(count.get()).isEqualTo(n);
    // A full second read would double this test's time on Podman (about 45 s per 10 MB read); the
    // tail read
    // proves the snapshot path sees the same end.
    assertThat(engine.logs(id, LogOptions.all().tail(3)).lines())
        .extracting(LogLine::text)
        .containsExactly(Integer.toString(n - 2), Integer.toString(n - 1), Integer.toString(n));
    engine.remove(id, true, true);
  }

  @Test
  void followCanBeClosedWhileTheContainerRuns() throws Exception {
    String id = engine.run(ContainerSpec.builder(base).command("sleep", "60").build());
    Subscription sub = engine.followLogs(id, LogOptions.all(), line -> {});
    assertThat(sub.awaitEnd(Duration.ofMillis(300))).isFalse();
    sub.close();
    sub.close();
    engine.remove(id, true, false);
  }

  // ---------------------------------------------------------------- bad input and injection

  @Test
  void shellMetacharactersArePassedInertAsOneArgument() {
    String evil = "x; touch /tmp/pwned && echo $(id) `id` | cat > /tmp/pwned2";
    String id =
        runToExit(
            ContainerSpec.builder(base)
                .command("echo", evil, "$(id)")
                .env("INJ", evil)
                .label("evil.value", evil)
                .build());
    assertThat(engine.logs(id, LogOptions.all()).stdout()).isEqualTo(evil + " $(id)\n");
    assertThat(engine.inspect(id).labels()).containsEntry("evil.value", evil);
    String envId = runToExit(ContainerSpec.builder(base).command("env").env("INJ", evil).build());
    assertThat(engine.logs(envId, LogOptions.all()).stdout()).contains("INJ=" + evil + "\n");
    String running = engine.run(ContainerSpec.builder(base).command("sleep", "60").build());
    ExecResult r = engine.exec(running, List.of("echo", evil), Duration.ofSeconds(30));
    assertThat(r.stdout()).isEqualTo(evil + "\n");
    ExecResult ls = engine.exec(running, List.of("ls", "/tmp/pwned"), Duration.ofSeconds(30));
    assertThat(ls.exitCode()).isNotZero();
    assertThat(Path.of("/tmp/pwned")).doesNotExist();
    assertThat(Path.of("/tmp/pwned2")).doesNotExist();
    engine.remove(running, true, false);
  }

  @Test
  void invalidValuesAreRejectedBeforeAnyCallNamingValueAndRule() {
    assertThatThrownBy(() -> ContainerSpec.builder(base).name("x; touch /tmp/pwned"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("x; touch /tmp/pwned")
        .hasMessageContaining("container name");
    assertThatThrownBy(() -> ContainerSpec.builder("busybox; rm -rf /"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("busybox; rm -rf /");
    assertThatThrownBy(() -> ContainerSpec.builder(base).env("A B", "v"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("A B");
    assertThatThrownBy(() -> ContainerSpec.builder(base).label("$(id)", "v"))
        .isInstanceOf(InvalidSpecException.class);
    assertThatThrownBy(() -> ContainerSpec.builder(base).publish(70000))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("70000")
        .hasMessageContaining("65535");
    assertThatThrownBy(() -> engine.inspect("$(id)")).isInstanceOf(InvalidSpecException.class);
    assertThatThrownBy(() -> engine.tag(base, "cn-test/x:bad tag"))
        .isInstanceOf(InvalidSpecException.class);
    assertThatThrownBy(() -> engine.exec("abc", List.of("echo", "a\0b"), EXIT))
        .isInstanceOf(InvalidSpecException.class);
  }

  @Test
  void badInputIsAnIllegalArgumentExceptionThatCatchingDockerExceptionDoesNotSwallow() {
    String running = engine.run(ContainerSpec.builder(base).command("sleep", "60").build());
    Map<String, ThrowingCallable> calls = new java.util.LinkedHashMap<>();
    calls.put("inspect", () -> engine.inspect("$(id)"));
    calls.put("stop", () -> engine.stop(running, Duration.ofSeconds(-1)));
    calls.put("restart", () -> engine.restart(running, Duration.ofSeconds(-1)));
    calls.put("exec", () -> engine.exec(running, List.of(), EXIT));
    calls.put("spec", () -> ContainerSpec.builder(base).env("A B", "v"));
    calls.forEach(
        (what, call) -> {
          Throwable thrown =
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> {
                    try {
                      call.call();
                    } catch (DockerException operational) {
                      throw new AssertionError(
                          what + ": bad input was caught as an engine failure", operational);
                    }
                  });
          assertThat(thrown)
              .as(what)
              .isInstanceOf(InvalidSpecException.class)
              .isInstanceOf(IllegalArgumentException.class)
              .isNotInstanceOf(DockerException.class);
        });
    assertThat(engine.inspect(running).state()).isEqualTo(ContainerState.RUNNING);
    assertThatThrownBy(() -> engine.stop(running, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("grace");
    assertThatThrownBy(() -> ContainerSpec.builder(base).env("A", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("environment value of A");
    engine.remove(running, true, false);
  }

  @Test
  void engineErrorsMapToTypedExceptions() {
    assertThatThrownBy(() -> engine.inspect("cn-no-such-container-" + run))
        .isInstanceOf(ContainerNotFoundException.class)
        .hasMessageContaining("cn-no-such-container-" + run);
    assertThatThrownBy(() -> engine.inspectImage("cn-test/no-such-image:" + run))
        .isInstanceOf(ImageNotFoundException.class);
    assertThatThrownBy(
            () -> engine.create(ContainerSpec.builder("cn-test/no-such-image:" + run).build()))
        .isInstanceOf(ImageNotFoundException.class);
    String name = "cn-dup-" + run;
    engine.create(ContainerSpec.builder(base).name(name).command("true").build());
    assertThatThrownBy(
            () -> engine.create(ContainerSpec.builder(base).name(name).command("true").build()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(name);
    assertThatThrownBy(() -> engine.exec(name, List.of("true"), EXIT))
        .isInstanceOf(ConflictException.class);
    engine.remove(name, true, false);
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void lifecycleIsIdempotentWhereTheIssueSaysSo() {
    String id =
        engine.create(
            ContainerSpec.builder(base).name("cn-life-" + run).command("sleep", "120").build());
    assertThat(engine.inspect(id).state()).isEqualTo(ContainerState.CREATED);
    engine.start(id);
    engine.start(id);
    assertThat(engine.inspect(id).state()).isEqualTo(ContainerState.RUNNING);
    engine.stop(id, Duration.ofSeconds(1));
    assertThat(engine.inspect(id).state()).isEqualTo(ContainerState.EXITED);
    engine.stop(id, Duration.ofSeconds(1));
    engine.restart(id, Duration.ofSeconds(1));
    assertThat(engine.inspect(id).state()).isEqualTo(ContainerState.RUNNING);
    engine.kill(id);
    assertThat(engine.waitForExit(id, EXIT)).isEqualTo(137);
    engine.remove(id, false, true);
    engine.remove(id, false, true);
    engine.stop(id, Duration.ofSeconds(1));
    assertThatThrownBy(() -> engine.inspect(id)).isInstanceOf(ContainerNotFoundException.class);
  }

  @Test
  void inspectAndListComeFromTheEngine() {
    String id =
        engine.create(
            ContainerSpec.builder(base)
                .name("cn-list-" + run)
                .command("sleep", "60")
                .label("test.case", "list-" + run)
                .workingDir("/www")
                .user("1000:1000")
                .memoryBytes(64L * 1024 * 1024)
                .cpus(0.5)
                .restartPolicy(RestartPolicy.onFailure(2))
                .build());
    ContainerInfo info = engine.inspect(id);
    assertThat(info.name()).isEqualTo("cn-list-" + run);
    assertThat(info.labels())
        .containsEntry("test.case", "list-" + run)
        .containsEntry(SessionLabels.SESSION, engine.sessionId());
    assertThat(engine.list(Map.of("test.case", "list-" + run), false)).isEmpty();
    assertThat(engine.list(Map.of("test.case", "list-" + run), true))
        .extracting(ContainerInfo::id)
        .containsExactly(id);
    engine.start(id);
    assertThat(engine.list(Map.of("test.case", "list-" + run), false))
        .singleElement()
        .satisfies(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
    assertThat(engine.exec(id, List.of("pwd"), EXIT).stdout()).isEqualTo("/www\n");
    assertThat(engine.exec(id, List.of("id", "-u"), EXIT).stdout()).isEqualTo("1000\n");
    engine.remove(id, true, false);
  }

  @Test
  void execReturnsExitCodeStdoutAndStderr() {
    String id = engine.run(ContainerSpec.builder(base).command("sleep", "60").build());
    ExecResult ok = engine.exec(id, List.of("echo", "hi", "there"), EXIT);
    assertThat(ok).isEqualTo(new ExecResult(0, "hi there\n", ""));
    ExecResult bad = engine.exec(id, List.of("ls", "/nope"), EXIT);
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr()).contains("/nope");
    engine.remove(id, true, false);
  }

  @Test
  void bindMountsAndVolumes() throws IOException {
    Path host = Files.createDirectories(tmp.resolve("bind"));
    Files.writeString(host.resolve("hello.txt"), "from the host\n");
    String catId =
        runToExit(
            ContainerSpec.builder(base)
                .command("cat", "/data/hello.txt")
                .mount(Mount.bind(host.toString(), "/data").asReadOnly())
                .build());
    assertThat(engine.logs(catId, LogOptions.all()).stdout()).isEqualTo("from the host\n");
    String volume = "cn-vol-" + run;
    String writer =
        runToExit(
            ContainerSpec.builder(base)
                .command("touch", "/vol/written")
                .mount(Mount.volume(volume, "/vol"))
                .build());
    assertThat(engine.inspect(writer).exitCode()).hasValue(0);
    String reader =
        runToExit(
            ContainerSpec.builder(base)
                .command("ls", "/vol")
                .mount(Mount.volume(volume, "/vol"))
                .build());
    assertThat(engine.logs(reader, LogOptions.all()).stdout()).isEqualTo("written\n");
  }

  // ---------------------------------------------------------------- readiness

  @Test
  void httpdIsReadyByPortAndHttpOnRandomAndFixedPorts() throws Exception {
    int fixed;
    try (ServerSocket s = new ServerSocket(0)) {
      fixed = s.getLocalPort();
    }
    String id =
        engine.run(
            ContainerSpec.builder(base)
                .command("httpd", "-f", "-p", "8080", "-h", "/www")
                .publish(8080)
                .publish(8081, fixed)
                .waitingFor(
                    WaitStrategy.allOf(
                        WaitStrategy.forListeningPort(8080),
                        WaitStrategy.forHttp(8080, "/index.html")
                            .forStatus(200)
                            .forBody(b -> b.contains("hello"))))
                .build());
    ContainerInfo info = engine.inspect(id);
    int port = info.mappedPort(8080);
    assertThat(port).isPositive();
    assertThat(info.mappedPort(8081)).isEqualTo(fixed);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://" + engine.publishedPortHost() + ":" + port + "/index.html"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("hello from busybox httpd\n");
    engine.stop(id, Duration.ofSeconds(1));
  }

  @Test
  void portWaitTimesOutWhenNothingListens() {
    String id =
        engine.create(ContainerSpec.builder(base).command("sleep", "60").publish(9999).build());
    engine.start(id);
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                engine.waitUntilReady(
                    id,
                    WaitStrategy.forListeningPort(9999).withStartupTimeout(Duration.ofSeconds(2))))
        .isInstanceOf(ContainerNotReadyException.class)
        .hasMessageContaining("port 9999");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    engine.remove(id, true, false);
  }

  @Test
  void logWaitCountsMatchesAndFailsFastWhenTheContainerExits() {
    engine.run(
        ContainerSpec.builder(base)
            .command("seq", "1", "5")
            .waitingFor(WaitStrategy.forLogMessage("^[0-9]$", 5))
            .build());
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                engine.run(
                    ContainerSpec.builder(base)
                        .command("seq", "1", "3")
                        .waitingFor(WaitStrategy.forLogMessage("never-printed", 1))
                        .build()))
        .isInstanceOf(ContainerNotReadyException.class)
        .hasMessageContaining("exited");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void healthCheckWaitWithExecFallbackAndNoHealthCheck() throws IOException {
    Path ctx = Files.createDirectories(tmp.resolve("health"));
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM "
            + base
            + "\n"
            + "HEALTHCHECK --interval=1s --timeout=3s --retries=3 CMD [\"/bin/busybox\", \"test\","
            + " \"-d\", \"/www\"]\n");
    String healthy = "cn-test/healthy:" + run;
    engine.build(ImageBuild.fromDirectory(ctx).tag(healthy).build());
    String id =
        engine.run(
            ContainerSpec.builder(healthy)
                .command("sleep", "60")
                .waitingFor(
                    WaitStrategy.forHealthcheckWithExecFallback()
                        .withStartupTimeout(Duration.ofSeconds(30)))
                .build());
    if (engineRunsHealthChecks()) {
      engine.waitUntilReady(
          id, WaitStrategy.forHealthcheck().withStartupTimeout(Duration.ofSeconds(30)));
      assertThat(engine.inspect(id).health()).hasValue("healthy");
    }
    String plain = engine.run(ContainerSpec.builder(base).command("sleep", "60").build());
    assertThat(engine.inspect(plain).health()).isEmpty();
    assertThatThrownBy(() -> engine.waitUntilReady(plain, WaitStrategy.forHealthcheck()))
        .isInstanceOf(ContainerNotReadyException.class)
        .hasMessageContaining("no HEALTHCHECK");
    engine.waitUntilReady(
        plain, WaitStrategy.forHealthcheckOrExec(List.of("test", "-f", "/www/index.html")));
    engine.remove(id, true, false);
    engine.remove(plain, true, false);
  }

  // ---------------------------------------------------------------- registry

  @Test
  void pushAndPullWithCredentialsAndSurfaceRegistryErrors() {
    RegistryAuth auth = authRegistry();
    String ref = auth.serverAddress() + "/cn-test/pushed:" + run;
    engine.tag(base, ref);
    engine.push(ref, Optional.of(auth), Duration.ofSeconds(60));
    engine.removeImage(ref, false);
    assertThat(engine.findImage(ref)).isEmpty();
    ImageInfo pulled = engine.pull(ref, Optional.of(auth), Duration.ofSeconds(60));
    assertThat(pulled.id()).isEqualTo(engine.inspectImage(base).id());
    RegistryAuth wrong = new RegistryAuth(auth.serverAddress(), auth.username(), "wrong-password");
    assertThatThrownBy(() -> engine.push(ref, Optional.of(wrong), Duration.ofSeconds(60)))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(ref);
    assertThatThrownBy(
            () ->
                engine.pull(
                    auth.serverAddress() + "/cn-test/absent:" + run,
                    Optional.of(auth),
                    Duration.ofSeconds(60)))
        .isInstanceOfAny(ImageNotFoundException.class, RegistryException.class);
    engine.removeImage(ref, false);
  }

  // ---------------------------------------------------------------- negative cases: the same type
  // on every engine

  private static final Duration REGISTRY_CALL = Duration.ofSeconds(60);

  /**
   * A spec made with the record's constructor: it skips the builder's checks, the engine must not.
   */
  private static ContainerSpec unchecked(String image) {
    return new ContainerSpec(
        image,
        Optional.empty(),
        Optional.empty(),
        Optional.of(List.of("true")),
        Map.of(),
        Map.of(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        0,
        0,
        RestartPolicy.no(),
        Optional.empty(),
        Optional.empty());
  }

  /** A build made with the record's constructor, skipping the builder's tag check. */
  private static ImageBuild unchecked(Path context, String tag) {
    return new ImageBuild(
        Optional.of(context),
        Optional.empty(),
        "Dockerfile",
        List.of(tag),
        Map.of(),
        Map.of(),
        Optional.empty(),
        false,
        false,
        line -> {},
        Duration.ofMinutes(1));
  }

  @Test
  void invalidReferencesAreInvalidSpecAtEveryEntryPointBeforeAnyCall() throws IOException {
    Path ctx = Files.createDirectories(tmp.resolve("invalid-refs"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\n");
    List<String> invalid =
        List.of(
            "Shop:1.0",
            "registry.local/Shop:1.0",
            "cn-test/Shop",
            "cn-test/x:bad tag",
            "cn-test/x:-lead",
            "cn-test/x:" + "t".repeat(129),
            "cn-test/x@sha256:abc",
            "cn-test/x@sha256:" + "A".repeat(64),
            "cn-test/x@sha256:" + "a".repeat(63),
            "cn-test/x@md5:" + "0".repeat(32),
            "cn-test//x",
            "cn-test/x/",
            "-x",
            "cn-test/x y");
    for (String ref : invalid) {
      Map<String, ThrowingCallable> calls = new java.util.LinkedHashMap<>();
      calls.put("inspectImage", () -> engine.inspectImage(ref));
      calls.put("findImage", () -> engine.findImage(ref));
      calls.put("removeImage", () -> engine.removeImage(ref, true));
      calls.put("pull", () -> engine.pull(ref, Optional.empty(), REGISTRY_CALL));
      calls.put("push", () -> engine.push(ref, Optional.empty(), REGISTRY_CALL));
      calls.put("tag target", () -> engine.tag(base, ref));
      calls.put("tag source", () -> engine.tag(ref, "cn-test/valid:" + run));
      calls.put("spec builder", () -> ContainerSpec.builder(ref));
      calls.put("build tag", () -> ImageBuild.fromDirectory(ctx).tag(ref));
      calls.put("create", () -> engine.create(unchecked(ref)));
      calls.put("run", () -> engine.run(unchecked(ref)));
      calls.put("build", () -> engine.build(unchecked(ctx, ref)));
      calls.forEach(
          (entry, call) ->
              assertThatThrownBy(call)
                  .as(entry + " of " + ref)
                  .isInstanceOf(InvalidSpecException.class)
                  .hasMessageContaining("'" + ref + "'")
                  .hasMessageContaining("allowed:"));
    }
    assertThatThrownBy(() -> engine.inspectImage("Shop:1.0")).hasMessageContaining("lower-case");
    assertThatThrownBy(() -> engine.inspectImage("cn-test/x@sha256:abc"))
        .hasMessageContaining("sha256");
    // A digest names content, not a tag: valid to inspect or pull, refused where a tag is made or
    // pushed.
    String pinned = "cn-test/x@sha256:" + "a".repeat(64);
    assertThat(engine.findImage(pinned)).isEmpty();
    for (ThrowingCallable call :
        List.<ThrowingCallable>of(
            () -> engine.tag(base, pinned),
            () -> engine.push(pinned, Optional.empty(), REGISTRY_CALL),
            () -> engine.build(unchecked(ctx, pinned)))) {
      assertThatThrownBy(call)
          .isInstanceOf(InvalidSpecException.class)
          .hasMessageContaining("digest");
    }
    assertThat(engine.list(Map.of(SessionLabels.SESSION, engine.sessionId()), true))
        .noneMatch(c -> invalid.contains(c.image()));
  }

  @Test
  void missingImagesAreImageNotFoundOnCreateRunInspectAndPush() {
    String absent = "cn-test/absent:" + run;
    assertThatThrownBy(() -> engine.inspectImage(absent))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining(absent);
    assertThatThrownBy(() -> engine.create(ContainerSpec.builder(absent).command("true").build()))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining(absent);
    assertThatThrownBy(() -> engine.run(ContainerSpec.builder(absent).command("true").build()))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining(absent);
    String neverTagged = openRegistry() + "/cn-test/never-tagged:" + run;
    assertThatThrownBy(() -> engine.push(neverTagged, Optional.empty(), REGISTRY_CALL))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("cn-test/never-tagged");
    assertThat(engine.findImage(absent)).isEmpty();
    engine.removeImage(absent, false);
  }

  @Test
  void unreachableRegistryIsRegistryExceptionOnPushAndPull() {
    // Nothing listens on port 1 of the loopback address, so no packet leaves the machine.
    String ref = "127.0.0.1:1/cn-unreachable/x:" + run;
    engine.tag(base, ref);
    try {
      assertThatThrownBy(() -> engine.push(ref, Optional.empty(), REGISTRY_CALL))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining(ref);
      engine.removeImage(ref, false);
      assertThatThrownBy(() -> engine.pull(ref, Optional.empty(), REGISTRY_CALL))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining(ref);
    } finally {
      engine.removeImage(ref, false);
    }
    assertThat(engine.findImage(base)).isPresent();
  }

  @Test
  void buildFromABaseImageTheEngineCannotGetIsBuildFailed() throws IOException {
    Path ctx = Files.createDirectories(tmp.resolve("missing-base"));
    String missing = openRegistry() + "/cn-test/absent-base:" + run;
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + missing + "\nLABEL never=reached\n");
    assertThatThrownBy(
            () ->
                engine.build(
                    ImageBuild.fromDirectory(ctx).tag("cn-test/from-absent:" + run).build()))
        .isInstanceOfSatisfying(
            BuildFailedException.class,
            e -> {
              assertThat(e.failedStep())
                  .containsIgnoringCase("step 1/")
                  .contains("FROM " + missing);
              assertThat(e.getMessage()).contains("cn-test/absent-base");
            });
    assertThat(engine.findImage("cn-test/from-absent:" + run)).isEmpty();
  }

  @Test
  void aClosedSessionRefusesEveryCallAndClosesTwice() throws IOException {
    Path ctx = Files.createDirectories(tmp.resolve("closed"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\n");
    ContainerEngine closed = connect("closed-" + run);
    String session = closed.sessionId();
    String id = closed.create(ContainerSpec.builder(base).command("true").build());
    closed.close();
    closed.close();
    assertThat(engine.list(Map.of(SessionLabels.SESSION, session), true)).isEmpty();
    ContainerSpec spec = ContainerSpec.builder(base).command("true").build();
    Map<String, ThrowingCallable> calls = new java.util.LinkedHashMap<>();
    calls.put("ping", closed::ping);
    calls.put("sessionId", closed::sessionId);
    calls.put("publishedPortHost", closed::publishedPortHost);
    calls.put(
        "build",
        () -> closed.build(ImageBuild.fromDirectory(ctx).tag("cn-test/closed:" + run).build()));
    calls.put("tag", () -> closed.tag(base, "cn-test/closed:" + run));
    calls.put(
        "push",
        () -> closed.push(openRegistry() + "/cn-test/closed:" + run, Optional.empty(), EXIT));
    calls.put(
        "pull",
        () -> closed.pull(openRegistry() + "/cn-test/closed:" + run, Optional.empty(), EXIT));
    calls.put("inspectImage", () -> closed.inspectImage(base));
    calls.put("findImage", () -> closed.findImage(base));
    calls.put("listImages", () -> closed.listImages(Map.of()));
    calls.put("removeImage", () -> closed.removeImage("cn-test/closed:" + run, false));
    calls.put("create", () -> closed.create(spec));
    calls.put("run", () -> closed.run(spec));
    calls.put("start", () -> closed.start(id));
    calls.put("stop", () -> closed.stop(id, Duration.ofSeconds(1)));
    calls.put("kill", () -> closed.kill(id));
    calls.put("restart", () -> closed.restart(id, Duration.ofSeconds(1)));
    calls.put("remove", () -> closed.remove(id, true, true));
    calls.put("inspect", () -> closed.inspect(id));
    calls.put("list", () -> closed.list(Map.of(), true));
    calls.put("waitForExit", () -> closed.waitForExit(id, EXIT));
    calls.put("logs", () -> closed.logs(id, LogOptions.all()));
    calls.put("followLogs", () -> closed.followLogs(id, LogOptions.all(), line -> {}));
    calls.put("exec", () -> closed.exec(id, List.of("true"), EXIT));
    calls.put(
        "waitUntilReady", () -> closed.waitUntilReady(id, WaitStrategy.forListeningPort(8080)));
    calls.put("removeSessionResources", closed::removeSessionResources);
    calls.forEach(
        (name, call) ->
            assertThatThrownBy(call)
                .as(name)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("container engine session " + session)
                .hasMessageEndingWith("is closed"));
    assertThat(engine.findImage("cn-test/closed:" + run)).isEmpty();
  }

  // ---------------------------------------------------------------- the example's image

  @Test
  void scratchImageWhoseCmdIsBusyboxHttpdServesItsPage() throws Exception {
    // The shape of examples' CloudNativeAppExample.buildContext: no --install, busybox named in the
    // CMD.
    Path ctx = Files.createDirectories(tmp.resolve("shop"));
    Files.writeString(ctx.resolve("index.html"), "<h1>shop 1.0</h1>\n");
    Files.copy(busybox(), ctx.resolve("busybox"));
    Files.writeString(
        ctx.resolve("Dockerfile"),
        String.join(
            "\n",
            "FROM scratch",
            "LABEL org.opencontainers.image.title=shop",
            "COPY index.html /www/index.html",
            "COPY busybox /bin/busybox",
            "EXPOSE 8080",
            "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]",
            ""));
    String image = "cn-test/shop:" + run;
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    engine.build(ImageBuild.fromDirectory(ctx).tag(image).onLine(lines::add).build());
    // Docker and Podman append a LABEL step per build label, so only the step's position is the
    // same everywhere.
    assertThat(lines)
        .anyMatch(l -> l.matches("(?i)step 3/[0-9]+\\s?: COPY index.html /www/index.html"));
    String id =
        engine.run(
            ContainerSpec.builder(image)
                .publish(new PortBinding(8080, "tcp", 0, "127.0.0.1"))
                .waitingFor(
                    WaitStrategy.forHttp(8080, "/")
                        .forStatus(200)
                        .withStartupTimeout(Duration.ofSeconds(30)))
                .build());
    try {
      String url =
          "http://" + engine.publishedPortHost() + ":" + engine.inspect(id).mappedPort(8080);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).isEqualTo("<h1>shop 1.0</h1>\n");
      assertThat(page.headers().firstValue("content-type")).hasValue("text/html");
      HttpResponse<String> missing =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/nope.html")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("404 Not Found");
      HttpResponse<Void> head =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/index.html"))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.headers().firstValueAsLong("content-length")).hasValue(18);
    } finally {
      engine.remove(id, true, false);
    }
  }

  // ---------------------------------------------------------------- session cleanup

  @Test
  void closeRemovesEverythingTheSessionCreated() throws IOException {
    String session = "cleanup-" + run;
    ContainerEngine other = connect(session);
    Path ctx = Files.createDirectories(tmp.resolve("cleanup"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nLABEL purpose=cleanup\n");
    other.build(ImageBuild.fromDirectory(ctx).tag("cn-test/cleanup:" + run).build());
    other.run(
        ContainerSpec.builder(base)
            .command("sleep", "60")
            .mount(Mount.volume("cn-clean-" + run, "/v"))
            .build());
    other.create(ContainerSpec.builder(base).command("true").build());
    assertThat(engine.list(Map.of(SessionLabels.SESSION, session), true)).hasSize(2);
    other.close();
    assertThat(engine.list(Map.of(SessionLabels.SESSION, session), true)).isEmpty();
    assertThat(engine.listImages(Map.of(SessionLabels.SESSION, session))).isEmpty();
    assertThat(engine.findImage("cn-test/cleanup:" + run)).isEmpty();
    assertThat(engine.inspectImage(base)).isNotNull();
  }
}
