package dev.cloudnative.docker.inmemory;

import dev.cloudnative.docker.InvalidSpecException;
import dev.cloudnative.docker.RegistryAuth;
import dev.cloudnative.docker.internal.Validate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared state behind in-memory engine sessions, like one dockerd that several clients talk to: images and tags,
 * containers, volumes, the program table and registries. Open sessions with {@link #connect(String)}.
 *
 * <p>Thread-safe: structural changes are serialised on the daemon's monitor, container state on each container's.
 */
public final class InMemoryDaemon {
  final Map<String, ContainerProgram> programs;
  final Map<String, Optional<RegistryAuth>> registryAuth;
  // guarded by this
  final Map<String, ImageRecord> images = new LinkedHashMap<>();
  final Map<String, String> tags = new LinkedHashMap<>(); // normalized ref -> image id
  final Map<String, ContainerRecord> containers = new LinkedHashMap<>();
  final Map<String, Map<String, byte[]>> volumes = new HashMap<>();
  final Map<String, Map<String, String>> volumeLabels = new HashMap<>();
  final Map<String, Map<String, ImageRecord>> registries = new HashMap<>(); // address -> repo:tag -> image
  final Map<String, Boolean> sessionsOpen = new ConcurrentHashMap<>();

  private InMemoryDaemon(Builder b) {
    this.programs = Map.copyOf(b.programs);
    this.registryAuth = Map.copyOf(b.registries);
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

  /** Builder for {@link InMemoryDaemon}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, ContainerProgram> programs = new HashMap<>();
    private final Map<String, Optional<RegistryAuth>> registries = new HashMap<>();

    /** Registers the program run for commands whose base name is {@code name}. */
    public Builder program(String name, ContainerProgram program) {
      Validate.requireText("program name", name);
      if (name.contains("/")) {
        throw new InvalidSpecException("program name", name, "must be a base name without '/'");
      }
      programs.put(name, java.util.Objects.requireNonNull(program, "program"));
      return this;
    }

    /** A registry reachable at {@code address} ({@code host:port}) that accepts anonymous push and pull. */
    public Builder registry(String address) {
      registries.put(Validate.requireText("registry address", address), Optional.empty());
      return this;
    }

    /** A registry that requires these credentials for push and pull. */
    public Builder registry(RegistryAuth credentials) {
      registries.put(credentials.serverAddress(), Optional.of(credentials));
      return this;
    }

    public InMemoryDaemon build() {
      return new InMemoryDaemon(this);
    }
  }
}
