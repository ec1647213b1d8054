package dev.cloudnative.docker;

import dev.cloudnative.docker.internal.Validate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to create a container. Built with {@link #builder(String)}; every value is
 * validated when it is set, so a spec that exists is well-formed. Command, entrypoint and
 * environment travel to the engine as structured fields (argument lists), never through a shell.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public record ContainerSpec(
    String image,
    Optional<String> name,
    Optional<List<String>> entrypoint,
    Optional<List<String>> command,
    Map<String, String> env,
    Map<String, String> labels,
    List<PortBinding> ports,
    List<Mount> mounts,
    Optional<String> workingDir,
    Optional<String> user,
    long memoryBytes,
    long nanoCpus,
    RestartPolicy restartPolicy,
    Optional<String> network,
    Optional<WaitStrategy> waitStrategy) {

  public ContainerSpec {
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    ports = List.copyOf(ports);
    mounts = List.copyOf(mounts);
  }

  public static Builder builder(String image) {
    return new Builder(image);
  }

  /** Environment as {@code KEY=value} entries, the form both engines take. */
  public List<String> envList() {
    List<String> out = new ArrayList<>(env.size());
    env.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  /**
   * Fluent builder; reads as a sentence: {@code
   * builder("web:1").name("web").publish(8080).build()}.
   */
  public static final class Builder {
    private final String image;
    private String name;
    private List<String> entrypoint;
    private List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<PortBinding> ports = new ArrayList<>();
    private final List<Mount> mounts = new ArrayList<>();
    private String workingDir;
    private String user;
    private long memoryBytes;
    private long nanoCpus;
    private RestartPolicy restartPolicy = RestartPolicy.no();
    private String network;
    private WaitStrategy waitStrategy;

    private Builder(String image) {
      this.image = Validate.imageRef("image", image);
    }

    public Builder name(String name) {
      this.name = Validate.name("container name", name);
      return this;
    }

    public Builder entrypoint(String... args) {
      return entrypoint(Arrays.asList(args));
    }

    public Builder entrypoint(List<String> args) {
      this.entrypoint = Validate.args("entrypoint", args);
      return this;
    }

    public Builder command(String... args) {
      return command(Arrays.asList(args));
    }

    public Builder command(List<String> args) {
      this.command = Validate.args("command", args);
      return this;
    }

    public Builder env(String key, String value) {
      env.put(Validate.envKey(key), Validate.value("environment value of " + key, value));
      return this;
    }

    public Builder env(Map<String, String> values) {
      values.forEach(this::env);
      return this;
    }

    public Builder label(String key, String value) {
      if (key != null && key.startsWith("dev.cloudnative.")) {
        throw new InvalidSpecException(
            "label key", key, "the dev.cloudnative. prefix is reserved for session labels");
      }
      labels.put(Validate.labelKey(key), Validate.value("label " + key, value));
      return this;
    }

    public Builder labels(Map<String, String> values) {
      values.forEach(this::label);
      return this;
    }

    /** Publishes a TCP container port on a random host port. */
    public Builder publish(int containerPort) {
      return publish(PortBinding.random(containerPort));
    }

    /** Publishes a TCP container port on a fixed host port. */
    public Builder publish(int containerPort, int hostPort) {
      return publish(PortBinding.fixed(containerPort, hostPort));
    }

    public Builder publish(PortBinding binding) {
      ports.add(java.util.Objects.requireNonNull(binding, "binding"));
      return this;
    }

    public Builder mount(Mount mount) {
      mounts.add(java.util.Objects.requireNonNull(mount, "mount"));
      return this;
    }

    public Builder workingDir(String dir) {
      Validate.value("working dir", dir);
      if (!dir.startsWith("/")) {
        throw new InvalidSpecException("working dir", dir, "must be an absolute path");
      }
      this.workingDir = dir;
      return this;
    }

    /** {@code user}, {@code uid} or {@code uid:gid}. */
    public Builder user(String user) {
      Validate.requireText("user", user);
      if (!user.matches("[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?")) {
        throw new InvalidSpecException("user", user, "must be name, uid or uid:gid");
      }
      this.user = user;
      return this;
    }

    /** Memory limit in bytes; engines refuse less than 6 MiB. */
    public Builder memoryBytes(long bytes) {
      if (bytes < 6L * 1024 * 1024) {
        throw new InvalidSpecException(
            "memory limit", Long.toString(bytes), "must be at least 6 MiB (6291456)");
      }
      this.memoryBytes = bytes;
      return this;
    }

    /** CPU limit in (fractional) CPUs, e.g. 0.5. */
    public Builder cpus(double cpus) {
      if (!(cpus > 0) || cpus > 1024) {
        throw new InvalidSpecException("cpus", Double.toString(cpus), "must be > 0 and <= 1024");
      }
      this.nanoCpus = Math.round(cpus * 1e9);
      return this;
    }

    public Builder restartPolicy(RestartPolicy policy) {
      this.restartPolicy = java.util.Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder network(String network) {
      this.network = Validate.name("network", network);
      return this;
    }

    /** Readiness check {@link ContainerEngine#run} applies after start. */
    public Builder waitingFor(WaitStrategy strategy) {
      this.waitStrategy = java.util.Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    public ContainerSpec build() {
      return new ContainerSpec(
          image,
          Optional.ofNullable(name),
          Optional.ofNullable(entrypoint),
          Optional.ofNullable(command),
          env,
          labels,
          ports,
          mounts,
          Optional.ofNullable(workingDir),
          Optional.ofNullable(user),
          memoryBytes,
          nanoCpus,
          restartPolicy,
          Optional.ofNullable(network),
          Optional.ofNullable(waitStrategy));
    }
  }
}
