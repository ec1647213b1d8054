package dev.cloudnative.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.core.testing.Engines;
import dev.cloudnative.core.testing.ShopImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's facade snippet, extracted from README.md and run verbatim (inside a main method, with
 * the imports it names) in its own JVM from a folder holding the examples module's {@code shop/}:
 * once on the embedded defaults and once with {@code DOCKER_HOST} pointing at the CI's Docker
 * Engine. Both JVMs run under the loopback-only guard.
 */
class ReadmeSnippetTest {

  private static final List<String> IMPORTS =
      List.of(
          "dev.cloudnative.core.AppSpec",
          "dev.cloudnative.core.Application",
          "dev.cloudnative.core.CloudNative",
          "dev.cloudnative.core.observability.PrometheusEndpoint",
          "io.micrometer.prometheusmetrics.PrometheusConfig",
          "io.micrometer.prometheusmetrics.PrometheusMeterRegistry",
          "dev.cloudnative.docker.ImageBuild",
          "java.net.URI",
          "java.net.http.HttpRequest",
          "java.net.http.HttpResponse.BodyHandlers",
          "java.nio.file.Path");

  @TempDir Path work;

  /** The first java block under the heading "The facade in a few lines". */
  static String snippet() throws IOException {
    return snippet("## The facade in a few lines");
  }

  /** The first java block under {@code heading}. */
  static String snippet(String heading) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    return firstJavaBlock(readme, heading);
  }

  private static String firstJavaBlock(String readme, String title) {
    int heading = readme.indexOf("\n" + title + "\n");
    assertThat(heading).as("README heading").isPositive();
    int start = readme.indexOf("```java\n", heading) + "```java\n".length();
    int end = readme.indexOf("```", start);
    return readme.substring(start, end);
  }

  @Test
  void theObservabilitySnippetRunsAsPasted() throws Exception {
    String output = run(snippet("## Observability"), Map.of(), false);
    assertThat(output)
        .contains("/metrics serves")
        .containsPattern(
            "storage_operation_duration_seconds_count\\{[^}]*operation=\"put\"[^}]*\\} 1");
  }

  @Test
  void runsAsPastedOnTheEmbeddedDefaults() throws Exception {
    String output = run(Map.of(), false);
    assertThat(output)
        .contains(
            "containers: InMemoryContainerEngine (in memory)",
            "pods run as containers on",
            "<h1>shop</h1>",
            "register-mesh",
            "5/5 pods ready (5 desired); rollout done");
  }

  @Test
  void runsAsPastedOnDockerEngine() throws Exception {
    String docker = Engines.require("CLOUDNATIVE_DOCKER_HOST", ReadmeSnippetTest.class);
    String registry = Engines.require("CLOUDNATIVE_REGISTRY", ReadmeSnippetTest.class);
    // the snippet pushes to localhost:5000, where .ci/engines starts its open registry
    Assertions.assertEquals(
        "127.0.0.1:5000", registry, "the CI registry must listen where the snippet pushes");
    Assertions.assertTrue(
        ShopImage.realBusyboxAvailable(), "a static busybox at " + ShopImage.BUSYBOX);
    String output = run(Map.of("DOCKER_HOST", docker), true);
    assertThat(output)
        .contains(
            "containers: DockerEngine",
            "pods run as containers on",
            "<h1>shop</h1>",
            "push-image",
            "5/5 pods ready (5 desired); rollout done");
  }

  private String run(Map<String, String> env, boolean realBusybox) throws Exception {
    return run(snippet(), env, realBusybox);
  }

  private String run(String snippet, Map<String, String> env, boolean realBusybox)
      throws Exception {
    Path shop = work.resolve("shop");
    copyTree(Path.of("shop"), shop);
    if (realBusybox) {
      Files.copy(
          ShopImage.BUSYBOX, shop.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
    }
    Path src = work.resolve("src");
    Files.createDirectories(src);
    StringBuilder source = new StringBuilder();
    IMPORTS.forEach(i -> source.append("import ").append(i).append(";\n"));
    source
        .append(
            "public class ReadmeSnippet {\n"
                + "  public static void main(String[] args) throws Exception {\n")
        .append(snippet)
        .append("  }\n}\n");
    Path file = src.resolve("ReadmeSnippet.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled =
        javac
            .getTask(
                diagnostics,
                null,
                null,
                List.of("-d", src.toString(), "-classpath", System.getProperty("java.class.path")),
                null,
                javac
                    .getStandardFileManager(null, null, StandardCharsets.UTF_8)
                    .getJavaFileObjects(file))
            .call();
    assertThat(compiled).as("the README snippet compiles:\n%s\n%s", diagnostics, source).isTrue();

    String output = ExampleJvm.run("ReadmeSnippet", src.toString(), work, env);
    return output;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("busybox")) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
