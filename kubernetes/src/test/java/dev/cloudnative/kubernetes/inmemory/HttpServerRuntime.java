package dev.cloudnative.kubernetes.inmemory;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.kubernetes.ExecResult;
import dev.cloudnative.kubernetes.PodContainer;
import dev.cloudnative.kubernetes.PodContainerSpec;
import dev.cloudnative.kubernetes.PodRuntime;
import dev.cloudnative.kubernetes.PodStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pod runtime for the kubelet tests of this module, which cannot depend on a container engine:
 * each "container" is a real HTTP server on 127.0.0.1 per container port, answering {@code /} with
 * its image and pod name. The image's tag picks its behaviour: {@code exits} stops at once with
 * code 3 ({@code ok} with 0, {@code fail} with 1), {@code sick} answers its {@code /healthz} with
 * 500, {@code missing} is an image no registry has. Exec runs {@code true} and {@code false}.
 *
 * <p>Thread-safe.
 */
final class HttpServerRuntime implements PodRuntime {

  static {
    // answer keep-alive requests at once instead of after the delayed-ACK timer
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  final AtomicInteger starts = new AtomicInteger();
  final AtomicInteger stops = new AtomicInteger();
  final Set<Container> running = ConcurrentHashMap.newKeySet();
  final List<String> started = new CopyOnWriteArrayList<>();

  @Override
  public PodContainer start(PodContainerSpec spec) {
    if (spec.image().endsWith(":missing")) {
      throw new PodStartException(
          "image " + spec.image() + " not found",
          spec.namespace(),
          spec.pod(),
          PodStartException.ERR_IMAGE_PULL,
          null);
    }
    starts.incrementAndGet();
    started.add(spec.pod() + " " + spec.image());
    Container c = new Container(spec);
    running.add(c);
    return c;
  }

  @Override
  public String describe() {
    return "test HTTP servers";
  }

  /** Images of the running containers. */
  List<String> runningImages() {
    return running.stream().map(c -> c.spec.image()).sorted().toList();
  }

  final class Container implements PodContainer {
    final PodContainerSpec spec;
    final List<HttpServer> servers = new ArrayList<>();
    final Map<Integer, Integer> ports = new LinkedHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    volatile Integer exit;

    Container(PodContainerSpec spec) {
      this.spec = spec;
      log.add("starting " + spec.image() + " as " + spec.pod() + " with " + spec.env());
      if (spec.image().endsWith(":exits")) {
        log.add("fatal: exiting");
        exit = 3;
        return;
      }
      if (spec.image().endsWith(":ok")) {
        log.add("done");
        exit = 0;
        return;
      }
      if (spec.image().endsWith(":fail")) {
        log.add("fatal: task failed");
        exit = 1;
        return;
      }
      for (int port : spec.ports()) {
        try {
          HttpServer s =
              HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
          s.createContext(
              "/",
              exchange -> {
                boolean sick =
                    exchange.getRequestURI().getPath().equals("/healthz")
                        && spec.image().endsWith(":sick");
                byte[] body = (spec.image() + " " + spec.pod()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(sick ? 500 : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
              });
          s.start();
          servers.add(s);
          ports.put(port, s.getAddress().getPort());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      log.add("listening on " + ports);
    }

    @Override
    public String host() {
      return "127.0.0.1";
    }

    @Override
    public Map<Integer, Integer> ports() {
      return Map.copyOf(ports);
    }

    @Override
    public OptionalInt exitCode() {
      return exit == null ? OptionalInt.empty() : OptionalInt.of(exit);
    }

    @Override
    public ExecResult exec(List<String> command, Duration timeout) {
      // a model of three programs: true, false, and echo (its arguments to stdout)
      return switch (command.get(0)) {
        case "true" -> new ExecResult(0, "", "");
        case "echo" ->
            new ExecResult(0, String.join(" ", command.subList(1, command.size())) + "\n", "");
        default -> new ExecResult(1, "", command.get(0) + ": not found\n");
      };
    }

    @Override
    public List<String> logs(int tailLines, Duration since) {
      List<String> all = List.copyOf(log);
      return tailLines < 0 || tailLines >= all.size()
          ? all
          : all.subList(all.size() - tailLines, all.size());
    }

    /** The process dies: its listeners close and it exits with 137, as after SIGKILL. */
    void crash() {
      servers.forEach(s -> s.stop(0));
      exit = 137;
    }

    @Override
    public void stop(Duration grace) {
      close();
    }

    @Override
    public void close() {
      if (running.remove(this)) {
        servers.forEach(s -> s.stop(0));
        stops.incrementAndGet();
      }
    }
  }
}
