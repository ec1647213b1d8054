package dev.cloudnative.core;

import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.ImageInfo;
import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.docker.LogStream;
import dev.cloudnative.docker.RegistryAuth;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.pipeline.JavaTask;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Pipeline steps that call the SDK's modules directly, so that a CI/CD pipeline builds, pushes,
 * deploys and runs containers without shelling out to {@code docker} or {@code kubectl}. Each
 * factory returns a {@link JavaTask} for {@code Stage.Builder.java(name, task)}; tasks log what
 * they do to the step's log and publish results as step outputs for later stages.
 *
 * <p>Thread-safe; the tasks may run in parallel stages.
 */
public final class PipelineSteps {

  private final CloudNative cn;

  PipelineSteps(CloudNative cn) {
    this.cn = Objects.requireNonNull(cn, "cn");
  }

  /** Builds an image; outputs {@code image-id}. */
  public JavaTask buildImage(ImageBuild build) {
    Objects.requireNonNull(build, "build");
    return context -> {
      ImageInfo image = cn.containers().build(build);
      context.logger().info("built " + String.join(", ", image.tags()) + " " + image.id());
      context.output("image-id", image.id());
    };
  }

  /** Pushes an image reference, with credentials when given. */
  public JavaTask pushImage(String reference, Optional<RegistryAuth> auth, Duration timeout) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(timeout, "timeout");
    return context -> {
      cn.containers().push(reference, auth, timeout);
      context.logger().info("pushed " + reference);
    };
  }

  /** Runs the deploy workflow of {@code spec}; outputs {@code image}. */
  public JavaTask deploy(AppSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Application app = cn.app(spec.name());
    return context -> {
      DeployReport report = app.deploy(spec);
      report.steps().forEach(step -> context.logger().info(step.toString()));
      context.output("image", app.status().image());
    };
  }

  /** Scales the application's stable version and waits for the rollout. */
  public JavaTask scale(String application, int replicas) {
    Application app = cn.app(application);
    return context -> {
      RolloutStatus status = app.scale(replicas);
      context.logger().info(status.describe());
    };
  }

  /** Waits for a Deployment's rollout in the facade's namespace. */
  public JavaTask awaitRollout(String deployment, Duration timeout) {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(timeout, "timeout");
    return context -> {
      RolloutStatus status =
          cn.cluster()
              .awaitRollout(
                  cn.namespace(), deployment, timeout, s -> context.logger().info(s.describe()));
      context.logger().info(status.describe());
    };
  }

  /**
   * Runs a container to completion, copies its output into the step's log and fails the step unless
   * it exits with 0; outputs {@code exit-code}. The container is removed afterwards.
   */
  public JavaTask runContainer(ContainerSpec spec, Duration timeout) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(timeout, "timeout");
    return context -> {
      String id = cn.containers().run(spec);
      try {
        int exit = cn.containers().waitForExit(id, timeout);
        for (LogLine line : cn.containers().logs(id, LogOptions.all()).lines()) {
          if (line.stream() == LogStream.STDERR) {
            context.logger().error(line.text());
          } else {
            context.logger().info(line.text());
          }
        }
        context.output("exit-code", Integer.toString(exit));
        if (exit != 0) {
          throw new ContainerStepFailedException(spec.image(), exit);
        }
      } finally {
        cn.containers().remove(id, true, true);
      }
    };
  }

  /** A container run by {@link #runContainer} exited with a non-zero code. */
  static final class ContainerStepFailedException extends CloudNativeException {
    private static final long serialVersionUID = 1L;

    ContainerStepFailedException(String image, int exit) {
      super("container of image " + image + " exited with " + exit + "; expected 0");
    }
  }
}
