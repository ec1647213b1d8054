package dev.cloudnative.mesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Span;
import brave.handler.MutableSpan;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.ServiceMesh;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * W3C trace context crosses a real process boundary: this JVM sends through {@link MeshHttpClient}
 * with its own Brave tracer; a second JVM ({@link TraceServerMain}, same JDK, this JVM's module and
 * class path) serves on 127.0.0.1 behind {@link ObservedHttpHandler} with another Brave tracer and
 * reports the trace and parent ids of the server span each request ran in. The server span must
 * continue the client span's trace with the client span as its parent.
 */
class TraceparentAcrossProcessesTest {

  @Test
  void theServerSpanInTheOtherProcessIsAChildOfTheClientSpan() throws Exception {
    Process child = startServer();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readLines(child, lines), "trace-server-stdout");
    reader.setDaemon(true);
    reader.start();
    try (BraveObservations brave = new BraveObservations("trace-client")) {
      String portLine = next(lines, "PORT ", child);
      int port = Integer.parseInt(portLine.substring("PORT ".length()).trim());
      try (ServiceMesh mesh = ServiceMesh.builder().observationRegistry(brave.registry).build()) {
        mesh.registry().register("traced", "v1", Endpoint.of("127.0.0.1", port));
        MeshHttpClient http = MeshHttpClient.builder(mesh).build();
        for (int i = 0; i < 2; i++) {
          brave.finished.clear();
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://traced/hello")).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).isEqualTo(200);
          String[] server = next(lines, "SPAN ", child).split(" ");
          MutableSpan client =
              brave.finished.stream()
                  .filter(s -> s.kind() == Span.Kind.CLIENT)
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no client span in " + brave.finished));
          assertThat(server[1]).as("server span's trace id").isEqualTo(client.traceId());
          assertThat(server[2]).as("server span's parent id").isEqualTo(client.id());
          // On this side, the HTTP span is the child of the attempt's, itself the call's.
          MutableSpan attempt = spanById(brave.finished, client.parentId());
          assertThat(attempt.name()).startsWith("mesh.attempt");
          assertThat(spanById(brave.finished, attempt.parentId()).name()).startsWith("mesh.call");
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static MutableSpan spanById(List<MutableSpan> spans, String id) {
    return spans.stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + id + " in " + spans));
  }

  private static Process startServer() throws IOException, URISyntaxException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath()));
    command.add(TraceServerMain.class.getName());
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /**
   * This JVM's module path and class path, and the directories of this module's main and test
   * classes (patched into the module rather than listed on either path), as one class path.
   */
  private static List<String> classPath() throws URISyntaxException {
    Set<String> entries = new LinkedHashSet<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(entry);
        }
      }
    }
    for (Class<?> c : List.of(TraceServerMain.class, MeshHttpClient.class)) {
      var source = c.getProtectionDomain().getCodeSource();
      if (source != null && source.getLocation() != null) {
        Path location = Path.of(source.getLocation().toURI());
        if (Files.exists(location)) {
          entries.add(location.toString());
        }
      }
    }
    for (String dir : List.of("target/test-classes", "target/classes")) {
      Path path = Path.of(dir).toAbsolutePath();
      if (Files.isDirectory(path)) {
        entries.add(path.toString());
      }
    }
    return new ArrayList<>(entries);
  }

  private static void readLines(Process child, BlockingQueue<String> lines) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("READ-FAILED " + e);
    }
  }

  /** The child's next line starting with {@code prefix}; generous, for a loaded machine. */
  private static String next(BlockingQueue<String> lines, String prefix, Process child)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line == null && !child.isAlive()) {
        throw new AssertionError("trace server exited with " + child.exitValue());
      }
    }
    throw new AssertionError("no '" + prefix + "' line from the trace server within 90 s");
  }
}
