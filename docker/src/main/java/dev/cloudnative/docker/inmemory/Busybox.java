package dev.cloudnative.docker.inmemory;

import dev.cloudnative.docker.inmemory.busybox.Applets;
import java.util.Objects;
import java.util.SortedSet;

/**
 * A Java model of the BusyBox 1.35 multi-call binary, so an image built {@code FROM scratch} with
 * {@code COPY busybox /bin/busybox} runs on the in-memory engine as it runs on Docker with the real
 * static binary. Like the real one it picks the applet from {@code argv[0]}'s base name ({@code
 * httpd -f ...}), or from {@code argv[1]} when that base name is {@code busybox} ({@code
 * /bin/busybox httpd -f ...}); it also answers {@code --install [-s] [DIR]}, {@code --list} and
 * prints its usage when called bare.
 *
 * <p>Modelled applets (see {@link #applets()}): {@code httpd} (a real HTTP/1.1 server on loopback,
 * see {@code busybox/Httpd}), {@code echo}, {@code cat}, {@code sleep}, {@code true}, {@code
 * false}, {@code env}, {@code seq}, {@code ls}, {@code touch}, {@code test}/{@code [}, {@code pwd}
 * and {@code id}. Any other applet exits 127 with {@code NAME: applet not found}, so a missing
 * model shows up as what it is. Register it with {@link InMemoryDaemon.Builder#busybox()}.
 *
 * <p>Immutable and thread-safe: every run has its own state.
 */
public final class Busybox implements ContainerProgram {
  /** The program name the binary is registered under, besides each applet's name. */
  public static final String NAME = "busybox";

  @Override
  public int run(ProgramContext context) throws Exception {
    return Applets.dispatch(Objects.requireNonNull(context, "context"));
  }

  /** The names of the modelled applets, sorted. */
  public static SortedSet<String> applets() {
    return Applets.names();
  }

  @Override
  public String toString() {
    return "Busybox" + applets();
  }
}
