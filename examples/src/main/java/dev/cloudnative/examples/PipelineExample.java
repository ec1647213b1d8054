package dev.cloudnative.examples;

import dev.cloudnative.core.AppSpec;
import dev.cloudnative.core.CloudNative;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.report.ReportFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The CI/CD scenario: lint → (test ∥ build image) → deploy → smoke check, with a finally stage.
 * Test steps are real processes; building the image and deploying call the SDK's modules through
 * {@code cn.steps()}, so nothing shells out to {@code docker} or {@code kubectl}.
 */
public final class PipelineExample {

  private PipelineExample() {}

  public static void main(String[] args) {
    try (CloudNative cn = CloudNative.fromEnvironment()) {
      run(cn);
    }
  }

  static void run(CloudNative cn) {
    Path source = sources();
    AppSpec web =
        AppSpec.named("web")
            .image("web:1.0")
            .replicas(2)
            .expose(80, 8080)
            .config("release", "1.0")
            .build();

    Pipeline pipeline =
        Pipeline.builder("release-web")
            .timeout(Duration.ofMinutes(5))
            .stage(
                "lint", s -> s.command("syntax", "sh", "-n", source.resolve("app.sh").toString()))
            .stage(
                "test",
                s ->
                    s.needs("lint")
                        .shell(
                            "unit",
                            "[ \"$(sh \"$1\" 2 3)\" = 5 ] && echo '1 test passed'",
                            source.resolve("app.sh").toString()))
            .stage(
                "build",
                s ->
                    s.needs("lint")
                        .java(
                            "image",
                            cn.steps()
                                .buildImage(
                                    ImageBuild.fromDirectory(source).tag("web:1.0").build())))
            .stage("deploy", s -> s.needs("test", "build").java("rollout", cn.steps().deploy(web)))
            .stage(
                "verify",
                s ->
                    s.needs("deploy")
                        .java(
                            "pods",
                            ctx -> {
                              long ready = cn.app("web").status().readyPods();
                              ctx.logger().info(ready + " pods ready");
                              if (ready < 2) {
                                throw new IllegalStateException(
                                    "expected 2 ready pods, found " + ready);
                              }
                            }))
            .finallyStage("cleanup", s -> s.java("undeploy", ctx -> cn.app("web").undeploy()))
            .build();

    RunStatus result =
        cn.pipelines()
            .run(
                pipeline,
                event -> {
                  if (event instanceof PipelineEvent.StepOutput line) {
                    Example.say("  " + line.stage() + "/" + line.step() + ": " + line.line());
                  }
                });
    Example.say(ReportFormat.text().render(result));
    Example.say(
        result.status() == Status.SUCCEEDED ? "pipeline succeeded" : "pipeline " + result.status());
    if (result.status() != Status.SUCCEEDED) {
      throw new IllegalStateException("pipeline " + result.status());
    }
  }

  // A tiny project: a shell "app" with a test, packaged into an image that serves it (and a page)
  // over HTTP.
  private static Path sources() {
    return Example.webSite(
        Map.of("app.sh", "echo $(($1 + $2))\n", "index.html", "<h1>web 1.0</h1>\n"));
  }
}
