package dev.cloudnative.docker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ExecResult;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.LogOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@link Busybox}'s dispatch and applets, run as the engine runs them: exec in a
 * container of an image built FROM scratch with {@code busybox --install}. Expected output and exit
 * codes are those of BusyBox 1.35.
 */
@Timeout(60)
class BusyboxTest {
  private static final Duration T = Duration.ofSeconds(10);
  @TempDir Path tmp;
  private InMemoryContainerEngine engine;
  private String box;

  @BeforeEach
  void start() throws IOException {
    engine = InMemoryDaemon.builder().busybox().build().connect();
    Files.writeString(tmp.resolve("busybox"), "binary");
    Files.writeString(tmp.resolve("hello.txt"), "one\ntwo\n");
    Files.writeString(
        tmp.resolve("Dockerfile"),
        String.join(
            "\n",
            "FROM scratch",
            "COPY busybox /bin/busybox",
            "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]",
            "COPY hello.txt /data/hello.txt",
            "ENV PATH=/bin GREETING=hi",
            "WORKDIR /data",
            ""));
    engine.build(ImageBuild.fromDirectory(tmp).tag("box:1").build());
    box = engine.run(ContainerSpec.builder("box:1").command("sleep", "inf").build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private ExecResult exec(String... argv) {
    return engine.exec(box, List.of(argv), T);
  }

  @Test
  void dispatchesOnArgvZeroOrOnArgvOneAfterBusybox() {
    assertThat(exec("echo", "a", "b")).isEqualTo(new ExecResult(0, "a b\n", ""));
    assertThat(exec("/bin/echo", "a")).isEqualTo(new ExecResult(0, "a\n", ""));
    assertThat(exec("/bin/busybox", "echo", "a")).isEqualTo(new ExecResult(0, "a\n", ""));
    assertThat(exec("busybox", "busybox", "echo", "nested"))
        .isEqualTo(new ExecResult(0, "nested\n", ""));
    ExecResult unknown = exec("busybox", "awk");
    assertThat(unknown.exitCode()).isEqualTo(127);
    assertThat(unknown.stderr()).isEqualTo("awk: applet not found\n");
    ExecResult usage = exec("busybox");
    assertThat(usage.exitCode()).isZero();
    assertThat(usage.stdout())
        .contains("Usage: busybox [function [arguments]...]")
        .contains("httpd");
    assertThat(exec("busybox", "--list").stdout().lines().toList()).containsAll(Busybox.applets());
  }

  @Test
  void installLinkedTheAppletsIntoBin() {
    List<String> bin = exec("ls", "/bin").stdout().lines().toList();
    assertThat(bin).contains("busybox", "httpd", "echo", "sleep", "cat", "env", "true", "false");
    assertThat(exec("test", "-f", "/bin/httpd").exitCode()).isZero();
  }

  @Test
  void echoOptionsAndEscapes() {
    assertThat(exec("echo").stdout()).isEqualTo("\n");
    assertThat(exec("echo", "-n", "x").stdout())
        .isEqualTo("x\n"); // line-based log: a partial line is a line
    assertThat(exec("echo", "-e", "a\\tb\\nc").stdout()).isEqualTo("a\tb\nc\n");
    assertThat(exec("echo", "a\\nb").stdout()).isEqualTo("a\\nb\n");
    assertThat(exec("echo", "-e", "stop\\cnever").stdout()).isEqualTo("stop\n");
    assertThat(exec("echo", "-x", "y").stdout()).isEqualTo("-x y\n");
  }

  @Test
  void catReadsFilesAndReportsMissingOnesAndDirectories() {
    assertThat(exec("cat", "hello.txt")).isEqualTo(new ExecResult(0, "one\ntwo\n", ""));
    ExecResult missing = exec("cat", "/nope", "/data/hello.txt");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stdout()).isEqualTo("one\ntwo\n");
    assertThat(missing.stderr()).isEqualTo("cat: can't open '/nope': No such file or directory\n");
    assertThat(exec("cat", "/data").stderr()).isEqualTo("cat: read error: Is a directory\n");
  }

  @Test
  void trueFalseAndSleep() {
    assertThat(exec("true", "--help").exitCode()).isZero();
    assertThat(exec("false").exitCode()).isEqualTo(1);
    long start = System.nanoTime();
    assertThat(exec("sleep", "0.2").exitCode()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(exec("sleep", "x")).isEqualTo(new ExecResult(1, "", "sleep: invalid number 'x'\n"));
    assertThat(exec("sleep").exitCode()).isEqualTo(1);
  }

  @Test
  void sleepEndsWith143WhenTheContainerIsStopped() {
    long start = System.nanoTime();
    engine.stop(box, Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(engine.inspect(box).exitCode()).hasValue(143);
  }

  @Test
  void envPrintsChangesAndRunsAnApplet() {
    assertThat(exec("env").stdout()).contains("PATH=/bin\n").contains("GREETING=hi\n");
    assertThat(exec("env", "-i", "A=1").stdout()).isEqualTo("A=1\n");
    assertThat(exec("env", "-u", "GREETING").stdout()).doesNotContain("GREETING");
    assertThat(exec("env", "-i", "A=1", "env").stdout()).isEqualTo("A=1\n");
    assertThat(exec("env", "X=2", "busybox", "echo", "via-env").stdout()).isEqualTo("via-env\n");
    assertThat(exec("env", "-i", "nosuch"))
        .isEqualTo(
            new ExecResult(127, "", "env: can't execute 'nosuch': No such file or directory\n"));
  }

  @Test
  void seqTestLsPwdAndId() {
    assertThat(exec("seq", "3").stdout()).isEqualTo("1\n2\n3\n");
    assertThat(exec("seq", "1", "2", "7").stdout()).isEqualTo("1\n3\n5\n7\n");
    assertThat(exec("seq", "3", "-1", "1").stdout()).isEqualTo("3\n2\n1\n");
    assertThat(exec("seq", "-s", ",", "3").stdout()).isEqualTo("1,2,3\n");
    assertThat(exec("seq", "-w", "8", "10").stdout()).isEqualTo("08\n09\n10\n");
    assertThat(exec("seq", "1", "0.5", "2").stdout()).isEqualTo("1.0\n1.5\n2.0\n");
    assertThat(exec("seq").exitCode()).isEqualTo(1);
    assertThat(exec("test", "-d", "/data").exitCode()).isZero();
    assertThat(exec("test", "-f", "/data").exitCode()).isEqualTo(1);
    assertThat(exec("[", "-s", "/data/hello.txt", "]").exitCode()).isZero();
    assertThat(exec("[", "!", "a", "=", "b", "]").exitCode()).isZero();
    assertThat(exec("test", "3", "-lt", "2").exitCode()).isEqualTo(1);
    assertThat(exec("[", "x").exitCode()).isEqualTo(2);
    assertThat(exec("ls", "/data/hello.txt", "/data", "/none"))
        .isEqualTo(
            new ExecResult(
                1,
                "/data/hello.txt\n\n/data:\nhello.txt\n",
                "ls: /none: No such file or directory\n"));
    assertThat(exec("pwd").stdout()).isEqualTo("/data\n");
    assertThat(exec("id").stdout()).isEqualTo("uid=0(root) gid=0(root)\n");
    assertThat(exec("touch", "/data/new").exitCode()).isZero();
    assertThat(exec("ls").stdout()).isEqualTo("hello.txt\nnew\n");
  }

  @Test
  void aMainProcessGetsTheSameApplets() {
    String id =
        engine.run(ContainerSpec.builder("box:1").command("/bin/busybox", "seq", "2").build());
    assertThat(engine.waitForExit(id, T)).isZero();
    assertThat(engine.logs(id, LogOptions.all()).stdout()).isEqualTo("1\n2\n");
  }

  @Test
  void programsRegisteredByNameWinOverTheBuiltInApplet() {
    ContainerProgram mine =
        ctx -> {
          ctx.out("my echo");
          return 0;
        };
    for (InMemoryDaemon.Builder b :
        List.of(
            InMemoryDaemon.builder().program("echo", mine).busybox(),
            InMemoryDaemon.builder().busybox().program("echo", mine))) {
      InMemoryDaemon d = b.build();
      assertThat(d.programs.get("echo")).isSameAs(mine);
      assertThat(d.programs.get("httpd")).isInstanceOf(Busybox.class);
      assertThat(d.programs.get("busybox")).isInstanceOf(Busybox.class);
    }
  }
}
