package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ProgramContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A program context with another argv (and optionally another environment): what an applet sees
 * when busybox dispatches on {@code argv[1]} or {@code env} runs a command. Everything else is the
 * container's.
 *
 * <p>Thread-safe if the wrapped context is (it is for the in-memory engine); the lists are
 * immutable copies.
 */
final class ArgvContext implements ProgramContext {
  private final ProgramContext d;
  private final List<String> args;
  private final Map<String, String> env;

  ArgvContext(ProgramContext d, List<String> args, Map<String, String> env) {
    this.d = d;
    this.args = List.copyOf(args);
    this.env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
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
    return d.workingDir();
  }

  @Override
  public String user() {
    return d.user();
  }

  @Override
  public void out(String line) {
    d.out(line);
  }

  @Override
  public void err(String line) {
    d.err(line);
  }

  @Override
  public Optional<byte[]> readFile(String path) throws IOException {
    return d.readFile(path);
  }

  @Override
  public void writeFile(String path, byte[] content) throws IOException {
    d.writeFile(path, content);
  }

  @Override
  public List<String> list(String dir) throws IOException {
    return d.list(dir);
  }

  @Override
  public boolean isDirectory(String path) throws IOException {
    return d.isDirectory(path);
  }

  @Override
  public int hostPort(int containerPort) {
    return d.hostPort(containerPort);
  }

  @Override
  public boolean stopRequested() {
    return d.stopRequested();
  }

  @Override
  public boolean awaitStop(Duration t) throws InterruptedException {
    return d.awaitStop(t);
  }
}
