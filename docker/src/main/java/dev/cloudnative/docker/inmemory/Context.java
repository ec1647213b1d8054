package dev.cloudnative.docker.inmemory;

import dev.cloudnative.docker.ContainerState;
import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogStream;
import dev.cloudnative.docker.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@link ProgramContext} of a main process or an exec in an in-memory container. Paths resolve
 * through the mounts (longest target prefix wins): bind mounts reach the host file system, volumes
 * the daemon's volume store, the rest the container's own copy of the image files. Output of a main
 * process goes to the container log unless the process was killed (its generation is stale); output
 * of an exec goes to the exec's buffers.
 *
 * <p>Thread-safe: log appends and file changes synchronize on the container, exec buffers on this
 * context.
 */
final class Context implements ProgramContext {
  private final InMemoryContainerEngine engine;
  private final ContainerRecord c;
  private final List<String> args;
  private final long generation;
  private final StringBuilder execOut;
  private final StringBuilder execErr;
  private final Map<String, String> env;

  Context(
      InMemoryContainerEngine engine,
      ContainerRecord c,
      List<String> args,
      long generation,
      StringBuilder execOut,
      StringBuilder execErr) {
    this.engine = engine;
    this.c = c;
    this.args = List.copyOf(args);
    this.generation = generation;
    this.execOut = execOut;
    this.execErr = execErr;
    Map<String, String> e = new LinkedHashMap<>(c.image.env());
    e.putAll(c.spec.env());
    this.env = java.util.Collections.unmodifiableMap(e);
  }

  @Override
  public List<String> args() {
    return args;
  }

  @Override
  public Map<String, String> env() {
    return env;
  }

  @Override
  public String workingDir() {
    return c.spec.workingDir().orElse(c.image.workingDir());
  }

  @Override
  public String user() {
    return c.spec.user().orElse(c.image.user());
  }

  @Override
  public void out(String line) {
    write(LogStream.STDOUT, line);
  }

  @Override
  public void err(String line) {
    write(LogStream.STDERR, line);
  }

  private void write(LogStream stream, String text) {
    if (execOut != null) {
      synchronized (this) {
        (stream == LogStream.STDOUT ? execOut : execErr).append(text).append('\n');
      }
      return;
    }
    synchronized (c) {
      if (c.generation == generation && c.state == ContainerState.RUNNING) {
        c.logs.add(new ContainerRecord.Entry(new LogLine(stream, text), Instant.now()));
        c.notifyAll();
      }
    }
  }

  private Optional<Mount> mountFor(String path) {
    return c.spec.mounts().stream()
        .filter(m -> path.equals(m.target()) || path.startsWith(m.target() + "/"))
        .max(java.util.Comparator.comparingInt(m -> m.target().length()));
  }

  private String absolute(String path) {
    String p = path.startsWith("/") ? path : workingDir() + "/" + path;
    p = Path.of(p).normalize().toString();
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private Map<String, byte[]> store(Mount m) {
    synchronized (engine.daemon) {
      return engine.daemon.volumes.computeIfAbsent(m.source(), k -> new java.util.HashMap<>());
    }
  }

  @Override
  public Optional<byte[]> readFile(String path) throws IOException {
    String p = absolute(path);
    Optional<Mount> m = mountFor(p);
    if (m.isPresent()) {
      String rel = p.substring(m.get().target().length());
      if (m.get().type() == Mount.Type.BIND) {
        Path host = Path.of(m.get().source() + rel);
        return Files.isRegularFile(host) ? Optional.of(Files.readAllBytes(host)) : Optional.empty();
      }
      Map<String, byte[]> vol = store(m.get());
      synchronized (vol) {
        return Optional.ofNullable(vol.get(rel.isEmpty() ? "/" : rel));
      }
    }
    synchronized (c) {
      return Optional.ofNullable(c.files.get(p));
    }
  }

  @Override
  public void writeFile(String path, byte[] content) throws IOException {
    String p = absolute(path);
    Optional<Mount> m = mountFor(p);
    if (m.isPresent()) {
      if (m.get().readOnly()) {
        throw new IOException(p + ": Read-only file system");
      }
      String rel = p.substring(m.get().target().length());
      if (m.get().type() == Mount.Type.BIND) {
        Files.write(Path.of(m.get().source() + rel), content);
        return;
      }
      Map<String, byte[]> vol = store(m.get());
      synchronized (vol) {
        vol.put(rel, content.clone());
      }
      return;
    }
    synchronized (c) {
      c.files.put(p, content.clone());
    }
  }

  @Override
  public List<String> list(String dir) throws IOException {
    String p = absolute(dir);
    Optional<Mount> m = mountFor(p);
    TreeSet<String> names = new TreeSet<>();
    if (m.isPresent() && m.get().type() == Mount.Type.BIND) {
      Path host = Path.of(m.get().source() + p.substring(m.get().target().length()));
      if (Files.isDirectory(host)) {
        try (Stream<Path> s = Files.list(host)) {
          s.forEach(x -> names.add(x.getFileName().toString()));
        }
      }
      return List.copyOf(names);
    }
    String prefix;
    Map<String, byte[]> files;
    if (m.isPresent()) {
      prefix = p.substring(m.get().target().length()) + "/";
      Map<String, byte[]> vol = store(m.get());
      synchronized (vol) {
        files = Map.copyOf(vol);
      }
    } else {
      prefix = p.equals("/") ? "/" : p + "/";
      synchronized (c) {
        files = Map.copyOf(c.files);
      }
    }
    for (String f : files.keySet()) {
      if (f.startsWith(prefix) && f.length() > prefix.length()) {
        String rest = f.substring(prefix.length());
        names.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
      }
    }
    return List.copyOf(names);
  }

  @Override
  public boolean isDirectory(String path) throws IOException {
    String p = absolute(path);
    Optional<Mount> m = mountFor(p);
    if (m.isPresent() && p.equals(m.get().target())) {
      return true;
    }
    if (m.isPresent() && m.get().type() == Mount.Type.BIND) {
      return Files.isDirectory(Path.of(m.get().source() + p.substring(m.get().target().length())));
    }
    return !list(p).isEmpty() || p.equals("/");
  }

  @Override
  public int hostPort(int containerPort) {
    synchronized (c) {
      Integer p = c.hostPorts.get(containerPort);
      if (p == null) {
        throw new IllegalStateException("container port " + containerPort + " is not published");
      }
      return p;
    }
  }

  @Override
  public boolean stopRequested() {
    synchronized (c) {
      return c.stopRequested || c.generation != generation || c.state != ContainerState.RUNNING;
    }
  }

  @Override
  public boolean awaitStop(Duration d) throws InterruptedException {
    long deadline = System.nanoTime() + d.toNanos();
    synchronized (c) {
      while (!stopRequested()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        c.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }
}
