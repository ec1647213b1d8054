package dev.cloudnative.docker.inmemory;

import dev.cloudnative.docker.ConflictException;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerInfo;
import dev.cloudnative.docker.ContainerNotFoundException;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ContainerState;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.DockerTimeoutException;
import dev.cloudnative.docker.EngineInfo;
import dev.cloudnative.docker.ExecResult;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.ImageInfo;
import dev.cloudnative.docker.ImageNotFoundException;
import dev.cloudnative.docker.InvalidSpecException;
import dev.cloudnative.docker.LogConsumer;
import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.docker.LogStream;
import dev.cloudnative.docker.Logs;
import dev.cloudnative.docker.Mount;
import dev.cloudnative.docker.PortBinding;
import dev.cloudnative.docker.PortMapping;
import dev.cloudnative.docker.RegistryAuth;
import dev.cloudnative.docker.RegistryException;
import dev.cloudnative.docker.RestartPolicy;
import dev.cloudnative.docker.SessionLabels;
import dev.cloudnative.docker.Subscription;
import dev.cloudnative.docker.WaitStrategy;
import dev.cloudnative.docker.internal.ContainerOperation;
import dev.cloudnative.docker.internal.ImageReference;
import dev.cloudnative.docker.internal.OperationRecorder;
import dev.cloudnative.docker.internal.Validate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session on an {@link InMemoryDaemon}: the {@link ContainerEngine} contract without any engine.
 * Containers run their command as a {@link ContainerProgram} on a thread; exit codes, logs, exec,
 * labels, ports (real host ports the program listens on), bind mounts, volumes, builds from a
 * Dockerfile and push/pull against modelled registries all behave as on Docker, including the typed
 * errors and idempotent stop/remove.
 *
 * <p>Differences from a real engine, by design: no isolation (programs are Java code in this JVM),
 * no resource limits (memory and CPU are recorded, not enforced), HEALTHCHECKs are not run by the
 * engine (like Podman without systemd: use the exec fallback), build {@code RUN} steps only see the
 * image files, and nothing is ever downloaded: registries are the daemon's embedded ones (see
 * {@link InMemoryDaemon}), and a {@code FROM} base must be scratch, an earlier stage, an image of
 * the daemon or one of its embedded registries. Such failures name this engine and say what to do
 * instead.
 *
 * <p>Progress is logged at INFO like {@code DockerEngine}'s: build steps, push and pull start and
 * done; with registries from {@link #builder()} every call is timed and traced as on {@code
 * DockerEngine}, tagged {@code engine=in_memory}. Image references are checked with Docker's
 * grammar at every entry point. After {@link #close()} (idempotent) every other method throws
 * {@link IllegalStateException}.
 *
 * <p>Thread-safe.
 */
public final class InMemoryContainerEngine implements ContainerEngine {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryContainerEngine.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ENDPOINT = "inmemory://";

  /** How failures name this engine, so nobody mistakes them for a real engine's network errors. */
  static final String ENGINE = "the embedded in-memory container engine";

  static final String USE_REAL_ENGINE = "set DOCKER_HOST to a Docker or Podman engine";

  final InMemoryDaemon daemon;
  private final String sessionId;
  private final OperationRecorder recorder;
  private final AtomicBoolean closing = new AtomicBoolean();
  // Set once cleanup ended; the check at the top of each call reads only this volatile.
  private volatile boolean closed;

  InMemoryContainerEngine(InMemoryDaemon daemon, String sessionId) {
    this(daemon, sessionId, OperationRecorder.NOOP);
  }

  private InMemoryContainerEngine(
      InMemoryDaemon daemon, String sessionId, OperationRecorder recorder) {
    this.daemon = daemon;
    this.sessionId = sessionId;
    this.recorder = recorder;
  }

  /**
   * The embedded default: a daemon that takes pushes to any registry host ({@link
   * InMemoryDaemon.Builder#anyRegistry()}) and runs the built-in {@link Busybox} ({@link
   * InMemoryDaemon.Builder#busybox()}), and one session on it. An image built {@code FROM scratch}
   * with busybox and a page runs and serves it here as on Docker. To tune the daemon (programs,
   * registries with credentials, several sessions) build one with {@link InMemoryDaemon#builder()}
   * and {@code connect()} to it.
   */
  public static InMemoryContainerEngine create() {
    return builder().build();
  }

  /**
   * A builder of one session: on the {@link #create()} default daemon unless {@link
   * Builder#daemon(InMemoryDaemon)} names another, with no meters and {@link
   * ObservationRegistry#NOOP} unless given registries.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The daemon this session talks to (other sessions may be open on it). */
  public InMemoryDaemon daemon() {
    ensureOpen();
    return daemon;
  }

  /** Cheap guard at the top of every call. */
  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(
          "container engine session " + sessionId + " (in-memory) is closed");
    }
  }

  @Override
  public EngineInfo ping() {
    return recorder.call(ContainerOperation.PING, () -> doPing());
  }

  private EngineInfo doPing() {
    ensureOpen();
    return new EngineInfo(ENDPOINT, "in-memory", "1", "none");
  }

  @Override
  public String sessionId() {
    ensureOpen();
    return sessionId;
  }

  @Override
  public String publishedPortHost() {
    ensureOpen();
    return "127.0.0.1";
  }

  static String newId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  Map<String, String> withSession(Map<String, String> labels) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.putAll(SessionLabels.forSession(sessionId));
    return all;
  }

  // ---------------------------------------------------------------- images

  /**
   * The key of a reference in the tag table: Docker's familiar form ({@code x:latest}), ids
   * unchanged.
   */
  static String normalize(String ref) {
    if (ref.startsWith("sha256:") || ImageReference.problem(ref) != null) {
      return ref;
    }
    return ImageReference.parse(ref).familiar();
  }

  /** Resolves a tag, full id or id prefix; must hold the daemon monitor. */
  Optional<ImageRecord> findImageLocked(String ref) {
    String id = daemon.tags.get(normalize(ref));
    if (id != null) {
      return Optional.of(daemon.images.get(id));
    }
    String hex = ref.startsWith("sha256:") ? ref.substring(7) : ref;
    if (hex.matches("[a-f0-9]{12,64}")) {
      return daemon.images.values().stream()
          .filter(i -> i.id().substring(7).startsWith(hex))
          .findFirst();
    }
    return Optional.empty();
  }

  private ImageInfo toInfo(ImageRecord r) {
    List<String> t =
        daemon.tags.entrySet().stream()
            .filter(e -> e.getValue().equals(r.id()))
            .map(Map.Entry::getKey)
            .toList();
    return new ImageInfo(r.id(), t, r.labels(), r.size());
  }

  @Override
  public ImageInfo build(ImageBuild build) {
    return recorder.call(ContainerOperation.BUILD, () -> doBuild(build));
  }

  private ImageInfo doBuild(ImageBuild build) {
    ensureOpen();
    // The record can be built without its builder, so the tags are checked here too.
    Validate.buildTags(java.util.Objects.requireNonNull(build, "build").tags());
    String first = build.tags().get(0);
    LOG.info(
        "build {} started ({} in {})",
        first,
        build.dockerfile(),
        build
            .contextDir()
            .map(Object::toString)
            .orElseGet(() -> build.contextTar().orElseThrow().toString()));
    ImageRecord image = new DockerfileBuild(this, build).run();
    synchronized (daemon) {
      daemon.images.put(image.id(), image);
      build.tags().forEach(t -> daemon.tags.put(normalize(t), image.id()));
      LOG.info("build {} done: {}", first, image.id());
      return toInfo(image);
    }
  }

  /** The program table lookup used for containers, exec and RUN steps. */
  Optional<ContainerProgram> program(String command) {
    String base = command.substring(command.lastIndexOf('/') + 1);
    return Optional.ofNullable(daemon.programs.get(base));
  }

  @Override
  public void tag(String source, String target) {
    recorder.run(ContainerOperation.TAG, () -> doTag(source, target));
  }

  private void doTag(String source, String target) {
    ensureOpen();
    Validate.imageRef("source image", source);
    Validate.tagRef("target tag", target);
    synchronized (daemon) {
      ImageRecord r = findImageLocked(source).orElseThrow(() -> imageNotFound(source));
      daemon.tags.put(normalize(target), r.id());
    }
  }

  private static ImageNotFoundException imageNotFound(String ref) {
    return new ImageNotFoundException(
        "image " + ref + " not found: No such image: " + ref, ENDPOINT, ref);
  }

  /**
   * The embedded registry {@code ref} goes to, checking it exists and the credentials; must hold
   * the daemon monitor.
   *
   * @param create whether a missing registry of an {@code anyRegistry} daemon is created (push) or
   *     not (pull)
   */
  private Map<String, ImageRecord> registry(
      String ref, Optional<RegistryAuth> auth, String op, boolean create) {
    String address = ImageReference.parse(ref).registry();
    Optional<RegistryAuth> required = daemon.registryAuth.get(address);
    if (required == null && !daemon.anyRegistry) {
      throw new RegistryException(
          op
              + " of "
              + ref
              + " failed: "
              + ENGINE
              + " has no registry "
              + address
              + " (its registries are embedded and it never connects to a real one); declare it"
              + " with InMemoryDaemon.builder().registry(\""
              + address
              + "\") or accept any host with "
              + "InMemoryDaemon.builder().anyRegistry(), or "
              + USE_REAL_ENGINE
              + " to reach the real registry",
          ENDPOINT,
          ref);
    }
    if (required != null
        && required.isPresent()
        && (auth.isEmpty()
            || !auth.get().username().equals(required.get().username())
            || !auth.get().password().equals(required.get().password()))) {
      throw new RegistryException(
          op
              + " of "
              + ref
              + " failed: the embedded registry "
              + address
              + " of "
              + ENGINE
              + " requires the credentials it was declared with"
              + " (InMemoryDaemon.builder().registry(RegistryAuth)); "
              + (auth.isEmpty() ? "none were given" : "the given ones do not match"),
          ENDPOINT,
          ref);
    }
    Map<String, ImageRecord> contents = daemon.registries.get(address);
    if (contents == null && create) {
      contents = new HashMap<>();
      daemon.registries.put(address, contents);
    }
    return contents == null ? Map.of() : contents;
  }

  /**
   * The manifest digest of an image: the same image pushed twice has the same digest, as with a
   * real registry.
   */
  static String digestOf(ImageRecord image) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(image.id().getBytes(StandardCharsets.US_ASCII));
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }

  @Override
  public void push(String reference, Optional<RegistryAuth> auth, Duration timeout) {
    recorder.run(ContainerOperation.PUSH, () -> doPush(reference, auth, timeout));
  }

  private void doPush(String reference, Optional<RegistryAuth> auth, Duration timeout) {
    ensureOpen();
    Validate.tagRef("image", reference);
    java.util.Objects.requireNonNull(auth, "auth");
    java.util.Objects.requireNonNull(timeout, "timeout");
    ImageReference ref = ImageReference.parse(reference);
    LOG.info("push {} started (embedded registry {})", reference, ref.registry());
    String digest;
    synchronized (daemon) {
      // Like Docker, the local tag is looked up before the registry is contacted.
      ImageRecord r =
          findImageLocked(reference)
              .orElseThrow(
                  () ->
                      new ImageNotFoundException(
                          "push of "
                              + reference
                              + " failed: An image does not exist locally with the tag: "
                              + ref.repository(),
                          ENDPOINT,
                          reference));
      Map<String, ImageRecord> registry = registry(reference, auth, "push", true);
      digest = digestOf(r);
      registry.put(ref.familiar(), r);
      registry.put(ref.repository() + "@" + digest, r);
      LOG.info("push {} layer {}: Pushed", reference, r.id().substring(7, 19));
    }
    LOG.info("push {} done: digest {} (1 layer)", reference, digest);
  }

  @Override
  public ImageInfo pull(String reference, Optional<RegistryAuth> auth, Duration timeout) {
    return recorder.call(ContainerOperation.PULL, () -> doPull(reference, auth, timeout));
  }

  private ImageInfo doPull(String reference, Optional<RegistryAuth> auth, Duration timeout) {
    ensureOpen();
    Validate.imageRef("image", reference);
    java.util.Objects.requireNonNull(auth, "auth");
    java.util.Objects.requireNonNull(timeout, "timeout");
    String registryHost = ImageReference.parse(reference).registry();
    LOG.info("pull {} started (embedded registry {})", reference, registryHost);
    ImageInfo pulled;
    synchronized (daemon) {
      pulled = toInfo(pullLocked(reference, auth));
    }
    LOG.info("pull {} done: image {}", reference, pulled.id());
    return pulled;
  }

  /** Copies an image from its embedded registry into the daemon; must hold the daemon monitor. */
  ImageRecord pullLocked(String reference, Optional<RegistryAuth> auth) {
    ImageReference ref = ImageReference.parse(reference);
    ImageRecord r = registry(reference, auth, "pull", false).get(ref.familiar());
    if (r == null) {
      throw new ImageNotFoundException(
          "pull of "
              + reference
              + " failed: manifest unknown: the embedded registry "
              + ref.registry()
              + " of "
              + ENGINE
              + " has no "
              + ref.familiar()
              + "; push it there first from any "
              + "session of this daemon, or "
              + USE_REAL_ENGINE
              + " to pull from the real registry",
          ENDPOINT,
          reference);
    }
    daemon.images.putIfAbsent(r.id(), r);
    daemon.tags.put(normalize(reference), r.id());
    return r;
  }

  /**
   * A build's base image: one of the daemon's, else one in a reachable embedded registry, pulled as
   * Docker pulls a missing base; empty if neither has it.
   */
  Optional<ImageRecord> baseImage(String reference, String build) {
    synchronized (daemon) {
      Optional<ImageRecord> local = findImageLocked(reference);
      if (local.isPresent()) {
        return local;
      }
      String address = ImageReference.parse(reference).registry();
      Optional<RegistryAuth> required = daemon.registryAuth.get(address);
      boolean reachable = required != null ? required.isEmpty() : daemon.anyRegistry;
      if (!reachable
          || !daemon
              .registries
              .getOrDefault(address, Map.of())
              .containsKey(ImageReference.parse(reference).familiar())) {
        return Optional.empty();
      }
      LOG.info(
          "pull {} started (base image of build {}, embedded registry {})",
          reference,
          build,
          address);
      ImageRecord r = pullLocked(reference, Optional.empty());
      LOG.info("pull {} done: image {}", reference, r.id());
      return Optional.of(r);
    }
  }

  @Override
  public ImageInfo inspectImage(String reference) {
    return recorder.call(ContainerOperation.INSPECT_IMAGE, () -> doInspectImage(reference));
  }

  private ImageInfo doInspectImage(String reference) {
    ensureOpen();
    Validate.imageRef("image", reference);
    synchronized (daemon) {
      return toInfo(findImageLocked(reference).orElseThrow(() -> imageNotFound(reference)));
    }
  }

  @Override
  public Optional<ImageInfo> findImage(String reference) {
    return recorder.call(ContainerOperation.FIND_IMAGE, () -> doFindImage(reference));
  }

  private Optional<ImageInfo> doFindImage(String reference) {
    ensureOpen();
    Validate.imageRef("image", reference);
    synchronized (daemon) {
      return findImageLocked(reference).map(this::toInfo);
    }
  }

  @Override
  public List<ImageInfo> listImages(Map<String, String> labels) {
    return recorder.call(ContainerOperation.LIST_IMAGES, () -> doListImages(labels));
  }

  private List<ImageInfo> doListImages(Map<String, String> labels) {
    ensureOpen();
    Validate.labels(labels);
    synchronized (daemon) {
      return daemon.images.values().stream()
          .filter(i -> i.labels().entrySet().containsAll(labels.entrySet()))
          .map(this::toInfo)
          .toList();
    }
  }

  @Override
  public void removeImage(String reference, boolean force) {
    recorder.run(ContainerOperation.REMOVE_IMAGE, () -> doRemoveImage(reference, force));
  }

  private void doRemoveImage(String reference, boolean force) {
    ensureOpen();
    Validate.imageRef("image", reference);
    synchronized (daemon) {
      Optional<ImageRecord> r = findImageLocked(reference);
      if (r.isEmpty()) {
        return;
      }
      String id = r.get().id();
      String norm = normalize(reference);
      long tagCount = daemon.tags.values().stream().filter(id::equals).count();
      if (daemon.tags.containsKey(norm) && tagCount > 1) {
        daemon.tags.remove(norm);
        return;
      }
      boolean inUse = daemon.containers.values().stream().anyMatch(c -> c.image.id().equals(id));
      if (inUse && !force) {
        throw new ConflictException(
            "conflict on " + reference + ": image is being used by a container",
            ENDPOINT,
            reference);
      }
      daemon.tags.values().removeIf(id::equals);
      daemon.images.remove(id);
    }
  }

  // ------------------------------------------------------------ containers

  @Override
  public String create(ContainerSpec spec) {
    return recorder.call(ContainerOperation.CREATE, () -> doCreate(spec));
  }

  private String doCreate(ContainerSpec spec) {
    ensureOpen();
    // The record can be built without its builder, so the image is checked here too.
    Validate.imageRef("image", java.util.Objects.requireNonNull(spec, "spec").image());
    synchronized (daemon) {
      ImageRecord image =
          findImageLocked(spec.image()).orElseThrow(() -> imageNotFound(spec.image()));
      String id = newId();
      String name = spec.name().orElse("inmemory_" + id.substring(0, 10));
      if (daemon.containers.values().stream().anyMatch(c -> c.name.equals(name))) {
        throw new ConflictException(
            "conflict on " + name + ": The container name \"/" + name + "\" is already in use",
            ENDPOINT,
            name);
      }
      for (Mount m : spec.mounts()) {
        if (m.type() == Mount.Type.VOLUME && !daemon.volumes.containsKey(m.source())) {
          daemon.volumes.put(m.source(), new HashMap<>());
          daemon.volumeLabels.put(m.source(), SessionLabels.forSession(sessionId));
        }
        if (m.type() == Mount.Type.BIND && !Files.exists(Path.of(m.source()))) {
          throw new DockerException(
              "invalid mount config: bind source path does not exist: " + m.source(),
              ENDPOINT,
              m.source());
        }
      }
      Map<String, String> labels = new LinkedHashMap<>(image.labels());
      labels.putAll(withSession(spec.labels()));
      daemon.containers.put(
          id,
          new ContainerRecord(
              id, name, spec, image, Map.copyOf(labels), new HashMap<>(image.files())));
      return id;
    }
  }

  ContainerRecord find(String ref) {
    Validate.containerRef(ref);
    synchronized (daemon) {
      ContainerRecord c = daemon.containers.get(ref);
      if (c == null) {
        c =
            daemon.containers.values().stream()
                .filter(x -> x.name.equals(ref) || (ref.length() >= 12 && x.id.startsWith(ref)))
                .findFirst()
                .orElseThrow(
                    () ->
                        new ContainerNotFoundException(
                            "container " + ref + " not found: No such container: " + ref,
                            ENDPOINT,
                            ref));
      }
      return c;
    }
  }

  private List<String> argv(ContainerRecord c) {
    List<String> argv = new ArrayList<>(c.spec.entrypoint().orElse(c.image.entrypoint()));
    argv.addAll(
        c.spec.command().orElse(c.spec.entrypoint().isPresent() ? List.of() : c.image.cmd()));
    return argv;
  }

  @Override
  public void start(String container) {
    recorder.run(ContainerOperation.START, () -> doStart(container));
  }

  private void doStart(String container) {
    ensureOpen();
    ContainerRecord c = find(container);
    synchronized (c) {
      if (c.state == ContainerState.RUNNING) {
        return;
      }
      c.stoppedByUser = false;
      c.restarts = 0;
      launch(c);
    }
  }

  /** Starts the main program; caller holds the container monitor. */
  private void launch(ContainerRecord c) {
    List<String> argv = argv(c);
    if (argv.isEmpty()) {
      throw new DockerException("no command specified for " + c.name, ENDPOINT, c.id);
    }
    Optional<ContainerProgram> program = program(argv.get(0));
    if (program.isEmpty()) {
      c.state = ContainerState.EXITED;
      c.exitCode = 127;
      c.notifyAll();
      throw new DockerException(
          "failed to start "
              + c.name
              + ": exec: \""
              + argv.get(0)
              + "\": executable file not found in $PATH ("
              + ENGINE
              + " runs registered programs: "
              + "InMemoryDaemon.builder().program(\""
              + argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1)
              + "\", ...) or .busybox(); or "
              + USE_REAL_ENGINE
              + ")",
          ENDPOINT,
          c.id);
    }
    c.hostPorts = allocatePorts(c);
    c.state = ContainerState.RUNNING;
    c.exitCode = null;
    c.stopRequested = false;
    long generation = ++c.generation;
    Context ctx = new Context(this, c, argv, generation, null, null);
    Thread t = new Thread(() -> runMain(c, program.get(), ctx, generation), "inmemory-" + c.name);
    t.setDaemon(true);
    c.main = t;
    t.start();
  }

  private Map<Integer, Integer> allocatePorts(ContainerRecord c) {
    Map<Integer, Integer> ports = new LinkedHashMap<>();
    for (PortBinding p : c.spec.ports()) {
      int host = p.hostPort();
      try (ServerSocket s = new ServerSocket(host, 1, InetAddress.getLoopbackAddress())) {
        host = s.getLocalPort();
      } catch (IOException e) {
        throw new ConflictException(
            "failed to start "
                + c.name
                + ": Bind for 127.0.0.1:"
                + host
                + " failed: port is already allocated",
            ENDPOINT,
            c.id,
            e);
      }
      ports.put(p.containerPort(), host);
    }
    return Map.copyOf(ports);
  }

  private void runMain(ContainerRecord c, ContainerProgram program, Context ctx, long generation) {
    int code;
    try {
      code = program.run(ctx);
    } catch (InterruptedException e) {
      code = 143;
    } catch (Exception e) {
      ctx.err(String.valueOf(e.getMessage()));
      code = 1;
    }
    synchronized (c) {
      if (c.generation != generation || c.state != ContainerState.RUNNING) {
        return; // killed meanwhile: the kill already set the exit
      }
      c.state = ContainerState.EXITED;
      c.exitCode = code;
      c.hostPorts = Map.of();
      c.notifyAll();
      if (!c.stoppedByUser
          && !c.removed
          && shouldRestart(c.spec.restartPolicy(), code, c.restarts)) {
        c.restarts++;
        try {
          launch(c);
        } catch (DockerException e) {
          LOG.warn("restart of {} failed", c.name, e);
        }
      }
    }
  }

  private static boolean shouldRestart(RestartPolicy p, int code, int restarts) {
    return switch (p.kind()) {
      case NO -> false;
      case ALWAYS, UNLESS_STOPPED -> restarts < 1000;
      case ON_FAILURE -> code != 0 && (p.maxRetries() == 0 || restarts < p.maxRetries());
    };
  }

  @Override
  public void stop(String container, Duration grace) {
    recorder.run(ContainerOperation.STOP, () -> doStop(container, grace));
  }

  private void doStop(String container, Duration grace) {
    ensureOpen();
    Validate.grace(grace);
    ContainerRecord c;
    try {
      c = find(container);
    } catch (ContainerNotFoundException gone) {
      return;
    }
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (c) {
      if (c.state != ContainerState.RUNNING) {
        return;
      }
      c.stoppedByUser = true;
      c.stopRequested = true;
      c.main.interrupt();
      c.notifyAll();
      try {
        while (c.state == ContainerState.RUNNING && System.nanoTime() < deadline) {
          c.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (c.state == ContainerState.RUNNING) {
        terminate(c, 137);
      }
    }
  }

  /**
   * SIGKILL: the program's thread is abandoned and its later output dropped. Caller holds the
   * monitor.
   */
  private static void terminate(ContainerRecord c, int code) {
    c.generation++;
    c.main.interrupt();
    c.state = ContainerState.EXITED;
    c.exitCode = code;
    c.hostPorts = Map.of();
    c.notifyAll();
  }

  @Override
  public void kill(String container) {
    recorder.run(ContainerOperation.KILL, () -> doKill(container));
  }

  private void doKill(String container) {
    ensureOpen();
    ContainerRecord c = find(container);
    synchronized (c) {
      if (c.state != ContainerState.RUNNING) {
        throw new ConflictException(
            "conflict on " + container + ": Container " + c.id + " is not running",
            ENDPOINT,
            container);
      }
      c.stoppedByUser = true;
      terminate(c, 137);
    }
  }

  @Override
  public void restart(String container, Duration grace) {
    recorder.run(ContainerOperation.RESTART, () -> doRestart(container, grace));
  }

  private void doRestart(String container, Duration grace) {
    ensureOpen();
    Validate.grace(grace);
    doStop(container, grace);
    doStart(container);
  }

  @Override
  public void remove(String container, boolean force, boolean removeVolumes) {
    recorder.run(ContainerOperation.REMOVE, () -> doRemove(container, force, removeVolumes));
  }

  private void doRemove(String container, boolean force, boolean removeVolumes) {
    ensureOpen();
    ContainerRecord c;
    try {
      c = find(container);
    } catch (ContainerNotFoundException gone) {
      return;
    }
    synchronized (c) {
      if (c.state == ContainerState.RUNNING) {
        if (!force) {
          throw new ConflictException(
              "conflict on "
                  + container
                  + ": You cannot remove a running container "
                  + c.id
                  + ". Stop the container before attempting removal or force remove",
              ENDPOINT,
              container);
        }
        c.stoppedByUser = true;
        terminate(c, 137);
      }
      c.removed = true;
      c.notifyAll();
    }
    synchronized (daemon) {
      daemon.containers.remove(c.id);
    }
  }

  @Override
  public ContainerInfo inspect(String container) {
    return recorder.call(ContainerOperation.INSPECT, () -> doInspect(container));
  }

  private ContainerInfo doInspect(String container) {
    ensureOpen();
    return info(find(container));
  }

  private ContainerInfo info(ContainerRecord c) {
    synchronized (c) {
      List<PortMapping> ports = new ArrayList<>();
      c.hostPorts.forEach((cp, hp) -> ports.add(new PortMapping(cp, "tcp", "127.0.0.1", hp)));
      boolean hasHealth =
          !c.image.healthCheck().isEmpty() && !c.image.healthCheck().get(0).equals("NONE");
      Optional<String> health =
          hasHealth && c.state == ContainerState.RUNNING
              ? Optional.of("starting")
              : Optional.empty();
      return new ContainerInfo(
          c.id,
          c.name,
          c.spec.image(),
          c.state,
          c.exitCode == null || c.state != ContainerState.EXITED
              ? OptionalInt.empty()
              : OptionalInt.of(c.exitCode),
          health,
          c.image.healthCheck(),
          ports,
          c.state == ContainerState.RUNNING ? "10.88.0." + (2 + (c.id.hashCode() & 0x7f)) : "",
          c.labels);
    }
  }

  @Override
  public List<ContainerInfo> list(Map<String, String> labels, boolean all) {
    return recorder.call(ContainerOperation.LIST, () -> doList(labels, all));
  }

  private List<ContainerInfo> doList(Map<String, String> labels, boolean all) {
    ensureOpen();
    Validate.labels(labels);
    List<ContainerRecord> cs;
    synchronized (daemon) {
      cs = new ArrayList<>(daemon.containers.values());
    }
    return cs.stream()
        .filter(c -> c.labels.entrySet().containsAll(labels.entrySet()))
        .map(this::info)
        .filter(i -> all || i.state() == ContainerState.RUNNING)
        .toList();
  }

  @Override
  public int waitForExit(String container, Duration timeout) {
    return recorder.call(ContainerOperation.WAIT, () -> doWaitForExit(container, timeout));
  }

  private int doWaitForExit(String container, Duration timeout) {
    ensureOpen();
    java.util.Objects.requireNonNull(timeout, "timeout");
    ContainerRecord c = find(container);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (c) {
      try {
        while (c.state != ContainerState.EXITED && !c.removed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new DockerTimeoutException(
                "wait for exit of " + container + " did not finish within " + timeout,
                ENDPOINT,
                container);
          }
          c.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DockerException(
            "interrupted while waiting for " + container, ENDPOINT, container, e);
      }
      return c.exitCode == null ? 137 : c.exitCode;
    }
  }

  private static boolean selected(ContainerRecord.Entry e, LogOptions o) {
    boolean streamOk = e.line().stream() == LogStream.STDOUT ? o.stdout() : o.stderr();
    // The engines resolve since to whole seconds.
    return streamOk
        && o.since()
            .map(s -> !e.at().isBefore(Instant.ofEpochSecond(s.getEpochSecond())))
            .orElse(true);
  }

  @Override
  public Logs logs(String container, LogOptions options) {
    return recorder.call(ContainerOperation.LOGS, () -> doLogs(container, options));
  }

  private Logs doLogs(String container, LogOptions options) {
    ensureOpen();
    ContainerRecord c = find(container);
    List<LogLine> out = new ArrayList<>();
    synchronized (c) {
      for (ContainerRecord.Entry e : c.logs) {
        if (selected(e, options)) {
          out.add(e.line());
        }
      }
    }
    int tail = options.tail().orElse(out.size());
    return new Logs(out.subList(Math.max(0, out.size() - tail), out.size()));
  }

  @Override
  public Subscription followLogs(String container, LogOptions options, LogConsumer consumer) {
    return recorder.call(
        ContainerOperation.FOLLOW_LOGS, () -> doFollowLogs(container, options, consumer));
  }

  private Subscription doFollowLogs(String container, LogOptions options, LogConsumer consumer) {
    ensureOpen();
    ContainerRecord c = find(container);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch ended = new CountDownLatch(1);
    int start;
    synchronized (c) {
      if (options.tail().isPresent()) {
        int matching = 0;
        start = c.logs.size();
        for (int i = c.logs.size() - 1; i >= 0 && matching < options.tail().getAsInt(); i--) {
          if (selected(c.logs.get(i), options)) {
            matching++;
            start = i;
          }
        }
      } else {
        start = 0;
      }
    }
    int from = start;
    Thread t =
        new Thread(
            () -> {
              int next = from;
              try {
                while (!stop.get()) {
                  List<ContainerRecord.Entry> batch;
                  boolean live;
                  synchronized (c) {
                    while (next == c.logs.size()
                        && c.state == ContainerState.RUNNING
                        && !c.removed
                        && !stop.get()) {
                      c.wait(200);
                    }
                    batch = new ArrayList<>(c.logs.subList(next, c.logs.size()));
                    next = c.logs.size();
                    live = c.state == ContainerState.RUNNING && !c.removed;
                  }
                  for (ContainerRecord.Entry e : batch) {
                    if (stop.get()) {
                      break;
                    }
                    if (selected(e, options)) {
                      consumer.accept(e.line());
                    }
                  }
                  if (!live) {
                    return;
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.warn("log consumer of {} failed; follow ended", c.name, e);
              } finally {
                ended.countDown();
              }
            },
            "inmemory-follow-" + c.name);
    t.setDaemon(true);
    t.start();
    return new Subscription() {
      @Override
      public boolean awaitEnd(Duration timeout) {
        try {
          return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }

      @Override
      public boolean isEnded() {
        return ended.getCount() == 0;
      }

      @Override
      public void close() {
        stop.set(true);
        synchronized (c) {
          c.notifyAll();
        }
      }
    };
  }

  @Override
  public ExecResult exec(String container, List<String> command, Duration timeout) {
    return recorder.call(ContainerOperation.EXEC, () -> doExec(container, command, timeout));
  }

  private ExecResult doExec(String container, List<String> command, Duration timeout) {
    ensureOpen();
    List<String> args = Validate.args("exec command", command);
    java.util.Objects.requireNonNull(timeout, "timeout");
    if (args.isEmpty()) {
      throw new InvalidSpecException("exec command", "[]", "needs at least the program");
    }
    ContainerRecord c = find(container);
    long generation;
    synchronized (c) {
      if (c.state != ContainerState.RUNNING) {
        throw new ConflictException(
            "conflict on " + container + ": Container " + c.id + " is not running",
            ENDPOINT,
            container);
      }
      generation = c.generation;
    }
    Optional<ContainerProgram> program = program(args.get(0));
    if (program.isEmpty()) {
      return new ExecResult(
          127, "", "exec: \"" + args.get(0) + "\": executable file not found in $PATH\n");
    }
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    Context ctx = new Context(this, c, args, generation, out, err);
    int[] code = {-1};
    Thread t =
        new Thread(
            () -> {
              try {
                code[0] = program.get().run(ctx);
              } catch (InterruptedException e) {
                code[0] = 143;
              } catch (Exception e) {
                ctx.err(String.valueOf(e.getMessage()));
                code[0] = 1;
              }
            },
            "inmemory-exec-" + c.name);
    t.setDaemon(true);
    t.start();
    try {
      t.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DockerException("interrupted during exec in " + container, ENDPOINT, container, e);
    }
    if (t.isAlive()) {
      t.interrupt();
      throw new DockerTimeoutException(
          "exec " + args + " in " + container + " did not finish within " + timeout,
          ENDPOINT,
          container);
    }
    synchronized (ctx) {
      return new ExecResult(code[0], out.toString(), err.toString());
    }
  }

  // --------------------------------------------------------------- session

  @Override
  public void waitUntilReady(String container, WaitStrategy strategy) {
    recorder.run(
        ContainerOperation.WAIT_UNTIL_READY,
        () -> ContainerEngine.super.waitUntilReady(container, strategy));
  }

  @Override
  public int removeSessionResources() {
    return recorder.call(
        ContainerOperation.REMOVE_SESSION_RESOURCES, () -> doRemoveSessionResources());
  }

  private int doRemoveSessionResources() {
    ensureOpen();
    Map<String, String> mine = Map.of(SessionLabels.SESSION, sessionId);
    int removed = 0;
    for (ContainerInfo c : doList(mine, true)) {
      doRemove(c.id(), true, true);
      removed++;
    }
    synchronized (daemon) {
      for (String v : new TreeSet<>(daemon.volumeLabels.keySet())) {
        if (sessionId.equals(daemon.volumeLabels.get(v).get(SessionLabels.SESSION))) {
          daemon.volumes.remove(v);
          daemon.volumeLabels.remove(v);
          removed++;
        }
      }
    }
    for (ImageInfo i : doListImages(mine)) {
      doRemoveImage(i.id(), true);
      removed++;
    }
    return removed;
  }

  /** Removes the session's resources; a second call does nothing. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      doRemoveSessionResources();
    } finally {
      closed = true;
    }
  }

  @Override
  public String toString() {
    return "InMemoryContainerEngine[session " + sessionId + "]";
  }

  /**
   * Builder of an {@link InMemoryContainerEngine} session; {@code builder().build()} equals {@link
   * #create()}. Not thread-safe.
   */
  public static final class Builder {
    private InMemoryDaemon daemon;
    private String sessionId;
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private Builder() {}

    /** The daemon the session talks to; by default a new one as {@link #create()} makes. */
    public Builder daemon(InMemoryDaemon daemon) {
      this.daemon = Objects.requireNonNull(daemon, "daemon");
      return this;
    }

    /** The session id (the value of its session label); random by default. */
    public Builder sessionId(String id) {
      this.sessionId = Validate.name("session id", id);
      return this;
    }

    /**
     * Where the session records {@code containers.operation.duration} (tag {@code
     * engine=in_memory}); none by default.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Where the session reports one {@code containers.<operation>} observation per call; {@link
     * ObservationRegistry#NOOP} by default.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    public InMemoryContainerEngine build() {
      InMemoryDaemon d =
          daemon != null ? daemon : InMemoryDaemon.builder().anyRegistry().busybox().build();
      return new InMemoryContainerEngine(
          d,
          sessionId != null ? sessionId : UUID.randomUUID().toString(),
          OperationRecorder.create(
              Optional.ofNullable(meterRegistry), observationRegistry, "in_memory"));
    }
  }
}
