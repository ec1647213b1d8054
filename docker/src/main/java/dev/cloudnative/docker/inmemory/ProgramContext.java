package dev.cloudnative.docker.inmemory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The world a {@link ContainerProgram} sees: its arguments (argv, with argv[0] the command),
 * environment, working dir, user, output streams, the container's file system (image files, bind
 * mounts, volumes) and published ports.
 *
 * <p>Thread-safe; output calls from one thread keep their order.
 */
public interface ProgramContext {
  /** argv, including the command itself at index 0. */
  List<String> args();

  Map<String, String> env();

  String workingDir();

  /** The configured user ({@code ""} means root). */
  String user();

  /** Writes one line to stdout. */
  void out(String line);

  /** Writes one line to stderr. */
  void err(String line);

  /** Reads a file; empty if it does not exist. */
  Optional<byte[]> readFile(String path) throws IOException;

  /** Creates or replaces a file. */
  void writeFile(String path, byte[] content) throws IOException;

  /** Names directly under a directory (files and sub-directories), sorted; empty if absent. */
  List<String> list(String dir) throws IOException;

  boolean isDirectory(String path) throws IOException;

  /**
   * The host port a container port is published on; a server program listens there (on 127.0.0.1)
   * so clients reach it exactly as they reach a real container.
   *
   * @throws IllegalStateException if the port is not published
   */
  int hostPort(int containerPort);

  /** True once stop was requested (SIGTERM). */
  boolean stopRequested();

  /**
   * Sleeps until {@code d} passed or stop was requested.
   *
   * @return true if stop was requested
   */
  boolean awaitStop(Duration d) throws InterruptedException;
}
