package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.ContainerStepExecution;
import dev.cloudnative.pipeline.ContainerStepExecutor;
import dev.cloudnative.pipeline.ContainerStepRequest;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.OutputLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A container step executor for the pipeline module's own tests, which have no container engine: it
 * runs the step's command as a real process of this machine, with the request's environment only,
 * the container paths of the binds translated back to their host directories (so the workspace and
 * {@code $PIPELINE_OUTPUT} work as they do in a container). A start of image {@code "missing"}
 * fails as an engine would. Records every request and execution; thread-safe.
 */
final class HostProcessExecutor implements ContainerStepExecutor {
  final List<ContainerStepRequest> requests = new CopyOnWriteArrayList<>();
  final List<Execution> executions = new CopyOnWriteArrayList<>();

  @Override
  public ContainerStepExecution start(ContainerStepRequest request, Consumer<OutputLine> output) {
    requests.add(request);
    if (request.image().equals("missing")) {
      throw new IllegalStateException("no such image: missing");
    }
    List<String> command = request.command().stream().map(s -> host(request, s)).toList();
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(Path.of(host(request, request.workingDirectory())).toFile());
    pb.environment().clear();
    request.env().forEach((k, v) -> pb.environment().put(k, host(request, v)));
    pb.environment().putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    Process process;
    try {
      process = pb.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Execution execution = new Execution(process, output);
    executions.add(execution);
    return execution;
  }

  private static String host(ContainerStepRequest request, String value) {
    for (Map.Entry<Path, String> bind : request.binds().entrySet()) {
      if (value.equals(bind.getValue()) || value.startsWith(bind.getValue() + "/")) {
        return bind.getKey() + value.substring(bind.getValue().length());
      }
    }
    return value;
  }

  /** One started process. */
  static final class Execution implements ContainerStepExecution {
    final Process process;
    final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Object sinkLock = new Object();

    Execution(Process process, Consumer<OutputLine> output) {
      this.process = process;
      Thread out = reader(process.getInputStream(), OutputChannel.STDOUT, output);
      Thread err = reader(process.getErrorStream(), OutputChannel.STDERR, output);
      process
          .onExit()
          .thenRunAsync(
              () -> {
                try {
                  out.join();
                  err.join();
                  exit.complete(process.exitValue());
                } catch (InterruptedException e) {
                  exit.completeExceptionally(e);
                }
              });
    }

    private Thread reader(InputStream in, OutputChannel channel, Consumer<OutputLine> output) {
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    synchronized (sinkLock) {
                      output.accept(new OutputLine(channel, line));
                    }
                  }
                } catch (IOException e) {
                  // the process was killed and its pipe closed: the output ends here
                }
              },
              "host-executor-" + channel);
      t.setDaemon(true);
      t.start();
      return t;
    }

    @Override
    public CompletionStage<Integer> exit() {
      return exit;
    }

    @Override
    public void stop(Duration grace) {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
      process.destroy();
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
