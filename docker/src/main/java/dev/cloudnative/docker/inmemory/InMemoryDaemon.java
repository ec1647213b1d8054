package dev.cloudnative.docker.inmemory;

import dev.cloudnative.docker.InvalidSpecException;
import dev.cloudnative.docker.RegistryAuth;
import dev.cloudnative.docker.internal.ImageReference;
import dev.cloudnative.docker.internal.Validate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared state behind in-memory engine sessions, like one dockerd that several clients talk to:
 * images and tags, containers, volumes, the program table and embedded registries. Open sessions
 * with {@link #connect(String)}.
 *
 * <p>Registries are in memory too and shared by every session of the daemon: a push lands in the
 * embedded registry of the reference's host, a pull from any session finds it. By default only
 * declared hosts exist ({@link Builder#registry(String)}); {@link Builder#anyRegistry()} creates
 * one on the first push to any host. The daemon never opens a network connection for a registry.
 *
 * <p>Thread-safe: structural changes are serialised on the daemon's monitor, container state on
 * each container's.
 */
public final class InMemoryDaemon {
  final Map<String, ContainerProgram> programs;
  final Map<String, Optional<RegistryAuth>> registryAuth;
  final boolean anyRegistry;
  // guarded by this
  final Map<String, ImageRecord> images = new LinkedHashMap<>();
  final Map<String, String> tags = new LinkedHashMap<>(); // normalized ref -> image id
  final Map<String, ContainerRecord> containers = new LinkedHashMap<>();
  final Map<String, Map<String, byte[]>> volumes = new HashMap<>();
  final Map<String, Map<String, String>> volumeLabels = new HashMap<>();
  // address -> familiar repo:tag and repo@digest -> image; with anyRegistry a host appears on its
  // first push
  final Map<String, Map<String, ImageRecord>> registries = new HashMap<>();
  final Map<String, Boolean> sessionsOpen = new ConcurrentHashMap<>();

  private InMemoryDaemon(Builder b) {
    this.programs = Map.copyOf(b.programs);
    this.registryAuth = Map.copyOf(b.registries);
    this.anyRegistry = b.anyRegistry;
    b.registries.keySet().forEach(r -> registries.put(r, new HashMap<>()));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A new session with the given id (the value of its session label). */
  public InMemoryContainerEngine connect(String sessionId) {
    return new InMemoryContainerEngine(this, Validate.name("session id", sessionId));
  }

  /** A new session with a random id. */
  public InMemoryContainerEngine connect() {
    return connect(UUID.randomUUID().toString());
  }

  /**
   * True if pushes to undeclared registry hosts create an embedded registry ({@link
   * Builder#anyRegistry()}).
   */
  public boolean acceptsAnyRegistry() {
    return anyRegistry;
  }

  /** Builder for {@link InMemoryDaemon}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, ContainerProgram> programs = new HashMap<>();
    private final Map<String, Optional<RegistryAuth>> registries = new HashMap<>();
    private final java.util.Set<String> explicit = new java.util.HashSet<>();
    private boolean anyRegistry;

    /**
     * Registers the program run for commands whose base name is {@code name}; it replaces an
     * earlier registration of the name, including one made by {@link #busybox()}.
     */
    public Builder program(String name, ContainerProgram program) {
      Validate.requireText("program name", name);
      if (name.contains("/")) {
        throw new InvalidSpecException("program name", name, "must be a base name without '/'");
      }
      programs.put(name, java.util.Objects.requireNonNull(program, "program"));
      explicit.add(name);
      return this;
    }

    /**
     * Registers the built-in {@link Busybox} under {@code busybox} and under each applet name
     * ({@code httpd}, {@code echo}, {@code sleep}, ...), so {@code /bin/busybox httpd ...}, {@code
     * httpd ...} and a {@code RUN ["/bin/busybox", "--install", "-s", "/bin"]} step all work. Names
     * registered with {@link #program} keep their program, whichever call comes first.
     */
    public Builder busybox() {
      Busybox busybox = new Busybox();
      if (!explicit.contains(Busybox.NAME)) {
        programs.put(Busybox.NAME, busybox);
      }
      for (String applet : Busybox.applets()) {
        if (!explicit.contains(applet)) {
          programs.put(applet, busybox);
        }
      }
      return this;
    }

    /**
     * Accepts a push to any registry host (e.g. {@code registry.local/shop:1.0}, {@code
     * localhost:5000/x:1}): the first push to a host creates an embedded, anonymous registry for
     * it, and later pulls of what was pushed find it. Hosts declared with credentials still require
     * them. Without this, a push or pull to an undeclared host fails with {@link
     * dev.cloudnative.docker.RegistryException}.
     */
    public Builder anyRegistry() {
      this.anyRegistry = true;
      return this;
    }

    /**
     * A registry reachable at {@code address} ({@code host:port}) that accepts anonymous push and
     * pull.
     */
    public Builder registry(String address) {
      registries.put(registryHost(address), Optional.empty());
      return this;
    }

    /** A registry that requires these credentials for push and pull. */
    public Builder registry(RegistryAuth credentials) {
      java.util.Objects.requireNonNull(credentials, "credentials");
      registries.put(registryHost(credentials.serverAddress()), Optional.of(credentials));
      return this;
    }

    /**
     * A host as it appears in references ({@code host[:port]}), so a push of {@code host[:port]/x}
     * finds it.
     */
    private static String registryHost(String address) {
      Validate.requireText("registry address", address);
      String probe = address + "/probe";
      if (ImageReference.problem(probe) != null
          || !ImageReference.parse(probe).domain().equals(address)) {
        throw new InvalidSpecException(
            "registry address",
            address,
            "must be a registry host as written in image references: a name with a '.' or"
                + " localhost, an IPv4 or [IPv6] address, with an optional :port (e.g."
                + " registry.local, localhost:5000, 127.0.0.1:5000)");
      }
      return address;
    }

    public InMemoryDaemon build() {
      return new InMemoryDaemon(this);
    }
  }
}
