package dev.cloudnative.docker.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.WaitResponse;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.cloudnative.docker.BuildFailedException;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerInfo;
import dev.cloudnative.docker.ContainerNotFoundException;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ContainerState;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.DockerTimeoutException;
import dev.cloudnative.docker.EngineConfig;
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
import dev.cloudnative.docker.SessionLabels;
import dev.cloudnative.docker.Subscription;
import dev.cloudnative.docker.WaitStrategy;
import dev.cloudnative.docker.engine.Errors.Subject;
import dev.cloudnative.docker.internal.ContainerOperation;
import dev.cloudnative.docker.internal.ImageReference;
import dev.cloudnative.docker.internal.OperationRecorder;
import dev.cloudnative.docker.internal.Progress;
import dev.cloudnative.docker.internal.Validate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerEngine} over docker-java with the zerodep transport; works against Docker Engine
 * and Podman's Docker-compatible API.
 *
 * <p>Two HTTP clients share the endpoint: one with a response timeout for request/response calls,
 * one without for streams that may be silent for long ({@code wait}, {@code logs --follow}, build,
 * pull, push, exec output). Each streaming call bounds itself with {@code awaitCompletion(timeout)}
 * and closes its stream on timeout.
 *
 * <p>Progress a person can follow is logged at INFO: build steps, push and pull start, layer
 * outcomes and done (with the digest where the engine reports one). Every call is timed into {@code
 * containers.operation.duration} (tag {@code engine} {@code docker} or {@code podman}) and traced
 * as {@code containers.<operation>} when {@link EngineConfig} names registries. After {@link
 * #close()} (idempotent) every other method throws {@link IllegalStateException}.
 *
 * <p>Thread-safe: docker-java clients are thread-safe and this class keeps no mutable state besides
 * the shutdown hook registration and the closed flags.
 */
public final class DockerEngine implements ContainerEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration LOG_SNAPSHOT_TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern EXITED = Pattern.compile("(?i)exited \\((-?\\d+)\\)");
  private static final int LOG_TAIL_LINES = 30;

  private final EngineConfig config;
  private final String endpoint;
  private final DockerClient api;
  private final DockerClient streams;
  private final DockerClient pinger;
  private final Thread shutdownHook;
  private volatile boolean snapshotFollow;
  // Set once connect() knows whether the engine is Docker or Podman (the engine tag).
  private volatile OperationRecorder recorder = OperationRecorder.NOOP;
  private final AtomicBoolean closing = new AtomicBoolean();
  // Set once cleanup ended; the check at the top of each call reads only this volatile.
  private volatile boolean closed;

  private DockerEngine(EngineConfig config) {
    this.config = config;
    this.endpoint = config.host().toString();
    DefaultDockerClientConfig.Builder b =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(endpoint)
            .withDockerTlsVerify(config.tlsVerify())
            .withApiVersion(
                config
                    .apiVersion()
                    .map(RemoteApiVersion::parseConfig)
                    .orElse(RemoteApiVersion.unknown()));
    config.tlsCertPath().ifPresent(p -> b.withDockerCertPath(p.toString()));
    if (config.tlsCertPath().isEmpty()) {
      b.withDockerCertPath(null);
    }
    DefaultDockerClientConfig cfg = b.build();
    this.api =
        DockerClientImpl.getInstance(
            cfg,
            new ZerodepDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost())
                .sslConfig(cfg.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(config.connectTimeout())
                .responseTimeout(CALL_TIMEOUT)
                .build());
    this.streams =
        DockerClientImpl.getInstance(
            cfg,
            new ZerodepDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost())
                .sslConfig(cfg.getSSLConfig())
                .maxConnections(256)
                .connectionTimeout(config.connectTimeout())
                .build());
    // The ping must also end when something accepts the connection but never answers.
    this.pinger =
        DockerClientImpl.getInstance(
            cfg,
            new ZerodepDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost())
                .sslConfig(cfg.getSSLConfig())
                .maxConnections(2)
                .connectionTimeout(config.connectTimeout())
                .responseTimeout(config.connectTimeout().plusSeconds(1))
                .build());
    this.shutdownHook =
        config.shutdownHook()
            ? new Thread(this::removeQuietly, "cloudnative-docker-cleanup")
            : null;
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /**
   * Connects and pings; the ping is bounded by the connect timeout.
   *
   * @throws dev.cloudnative.docker.EngineUnreachableException naming the host tried
   */
  public static DockerEngine connect(EngineConfig config) {
    DockerEngine engine = new DockerEngine(config);
    try {
      // Podman's compat log follow drops and truncates lines under load (containers/podman#21914);
      // its plain log
      // reads are complete, so on Podman a follow is built from successive snapshots.
      boolean podman = engine.ping().isPodman();
      engine.snapshotFollow = podman;
      engine.recorder =
          OperationRecorder.create(
              config.meterRegistry(), config.observationRegistry(), podman ? "podman" : "docker");
      return engine;
    } catch (RuntimeException e) {
      engine.closeClients();
      throw e;
    }
  }

  /** Connects to what {@code DOCKER_HOST} / the Docker context / the default socket names. */
  public static DockerEngine fromEnvironment() {
    return connect(EngineConfig.fromEnvironment());
  }

  public EngineConfig config() {
    ensureOpen();
    return config;
  }

  /** Cheap guard at the top of every call: a closed session has released its HTTP clients. */
  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(
          "container engine session " + config.sessionId() + " on " + endpoint + " is closed");
    }
  }

  @Override
  public EngineInfo ping() {
    return recorder.call(ContainerOperation.PING, () -> doPing());
  }

  private EngineInfo doPing() {
    ensureOpen();
    return call(
        Subject.OTHER,
        endpoint,
        () -> {
          pinger.pingCmd().exec();
          com.github.dockerjava.api.model.Version v = pinger.versionCmd().exec();
          String product = "Docker Engine";
          if (v.getComponents() != null) {
            for (var c : v.getComponents()) {
              if (c.getName() != null
                  && c.getName().toLowerCase(java.util.Locale.ROOT).contains("podman")) {
                product = c.getName();
              }
            }
          }
          return new EngineInfo(
              endpoint, product, String.valueOf(v.getVersion()), String.valueOf(v.getApiVersion()));
        });
  }

  @Override
  public String sessionId() {
    ensureOpen();
    return config.sessionId();
  }

  @Override
  public String publishedPortHost() {
    ensureOpen();
    String scheme = config.host().getScheme();
    return scheme.equals("tcp") ? config.host().getHost() : "127.0.0.1";
  }

  private Map<String, String> withSession(Map<String, String> labels) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.putAll(SessionLabels.forSession(config.sessionId()));
    return all;
  }

  // ---------------------------------------------------------------- images

  @Override
  public ImageInfo build(ImageBuild build) {
    return recorder.call(ContainerOperation.BUILD, () -> doBuild(build));
  }

  // getError() is deprecated in favour of errorDetail, but Podman can send only the plain "error"
  // field.
  @SuppressWarnings("deprecation")
  private ImageInfo doBuild(ImageBuild build) {
    ensureOpen();
    Validate.buildTags(java.util.Objects.requireNonNull(build, "build").tags());
    String resource = build.tags().get(0);
    LOG.info(
        "build {} started ({} in {})",
        resource,
        build.dockerfile(),
        build
            .contextDir()
            .map(Object::toString)
            .orElseGet(() -> build.contextTar().orElseThrow().toString()));
    Deque<String> tail = new ArrayDeque<>();
    String[] step = {""};
    String[] error = {null};
    ResultCallback.Adapter<BuildResponseItem> cb =
        new ResultCallback.Adapter<>() {
          @Override
          public void onNext(BuildResponseItem item) {
            String text = item.getStream() != null ? item.getStream() : item.getStatus();
            if (text != null) {
              for (String line : text.split("\\R")) {
                if (line.isBlank()) {
                  continue;
                }
                synchronized (tail) {
                  if (Progress.isStep(line)) {
                    step[0] = line.strip();
                    Progress.buildStep(resource, line).ifPresent(LOG::info);
                  }
                  tail.addLast(line);
                  if (tail.size() > LOG_TAIL_LINES) {
                    tail.removeFirst();
                  }
                }
                build.listener().accept(line);
              }
            }
            if (item.isErrorIndicated()) {
              String e =
                  item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                      ? item.getErrorDetail().getMessage()
                      : item.getError();
              synchronized (tail) {
                if (error[0] == null) {
                  error[0] = e;
                }
                tail.addLast(e);
              }
              build.listener().accept(e);
            }
          }
        };
    InputStream tar = null;
    try {
      BuildImageCmd cmd = streams.buildImageCmd();
      if (build.contextDir().isPresent()) {
        java.io.File dir = build.contextDir().get().toFile();
        java.io.File dockerfile = new java.io.File(dir, build.dockerfile());
        if (!dockerfile.isFile()) {
          throw new InvalidSpecException(
              "dockerfile", dockerfile.toString(), "must exist inside the build context");
        }
        cmd.withBaseDirectory(dir).withDockerfile(dockerfile);
      } else {
        tar = Files.newInputStream(build.contextTar().orElseThrow());
        cmd.withTarInputStream(tar).withDockerfilePath(build.dockerfile());
      }
      cmd.withTags(new java.util.LinkedHashSet<>(build.tags()))
          .withLabels(withSession(build.labels()))
          .withNoCache(build.noCache())
          .withPull(build.pull())
          .withRemove(true)
          .withForcerm(true);
      build.buildArgs().forEach(cmd::withBuildArg);
      build.target().ifPresent(cmd::withTarget);
      cmd.exec(cb);
      await(cb, build.timeout(), "build of " + resource);
    } catch (IOException e) {
      throw new DockerException(
          "cannot read build context: " + e.getMessage(), endpoint, resource, e);
    } catch (RuntimeException e) {
      if (e instanceof DockerException || e instanceof InvalidSpecException) {
        throw e; // an engine failure already typed, or the caller's bad input: not a build failure
      }
      if (Errors.isTransport(e)) {
        throw Errors.unreachable(endpoint, e);
      }
      synchronized (tail) {
        throw new BuildFailedException(
            Errors.engineMessage(e), step[0], List.copyOf(tail), endpoint, resource, e);
      }
    } finally {
      if (tar != null) {
        try {
          tar.close();
        } catch (IOException e) {
          LOG.debug("closing build tar failed", e);
        }
      }
    }
    synchronized (tail) {
      if (error[0] != null) {
        throw new BuildFailedException(
            error[0], step[0], List.copyOf(tail), endpoint, resource, null);
      }
    }
    ImageInfo built = doInspectImage(resource);
    LOG.info("build {} done: {}", resource, built.id());
    return built;
  }

  @Override
  public void tag(String source, String target) {
    recorder.run(ContainerOperation.TAG, () -> doTag(source, target));
  }

  private void doTag(String source, String target) {
    ensureOpen();
    Validate.imageRef("source image", source);
    Validate.tagRef("target tag", target);
    String[] repoTag = splitTag(target);
    run(Subject.IMAGE, source, () -> api.tagImageCmd(source, repoTag[0], repoTag[1]).exec());
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
    String[] repoTag = splitTag(reference);
    String registry = ImageReference.parse(reference).registry();
    LOG.info("push {} started (registry {})", reference, registry);
    ProgressCallback<PushResponseItem> cb =
        new ProgressCallback<>(new TransferProgress("push", reference));
    try {
      streams
          .pushImageCmd(repoTag[0])
          .withTag(repoTag[1])
          .withAuthConfig(authConfig(auth))
          .exec(cb);
      await(cb, timeout, "push of " + reference);
    } catch (RuntimeException e) {
      throw registryError(e, "push", reference);
    }
    if (cb.failure() instanceof RuntimeException e) {
      throw registryError(e, "push", reference);
    } else if (cb.failure() != null) {
      throw new RegistryException(
          "push of " + reference + " failed: " + cb.failure(), endpoint, reference, cb.failure());
    }
    if (cb.error() != null) {
      // Docker reports a push of an absent tag inside the stream, after the push started; Podman
      // answers 404.
      if (cb.error().contains("does not exist locally")) {
        throw new ImageNotFoundException(
            "push of " + reference + " failed: " + cb.error(), endpoint, reference);
      }
      throw new RegistryException(
          "push of " + reference + " failed: " + cb.error(), endpoint, reference);
    }
    LOG.info(
        "push {} done: {}{}",
        reference,
        cb.progress().digest().map(d -> "digest " + d).orElse("the engine reported no digest"),
        layers(cb.progress()));
  }

  private static String layers(TransferProgress p) {
    return p.layerCount() == 0
        ? ""
        : " (" + p.layerCount() + (p.layerCount() == 1 ? " layer)" : " layers)");
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
    String[] repoTag = splitTag(reference);
    LOG.info(
        "pull {} started (registry {})", reference, ImageReference.parse(reference).registry());
    ProgressCallback<PullResponseItem> cb =
        new ProgressCallback<>(new TransferProgress("pull", reference));
    try {
      streams
          .pullImageCmd(repoTag[0])
          .withTag(repoTag[1])
          .withAuthConfig(authConfig(auth))
          .exec(cb);
      await(cb, timeout, "pull of " + reference);
    } catch (RuntimeException e) {
      throw registryError(e, "pull", reference);
    }
    if (cb.failure() instanceof RuntimeException e) {
      throw registryError(e, "pull", reference);
    } else if (cb.failure() != null) {
      throw new RegistryException(
          "pull of " + reference + " failed: " + cb.failure(), endpoint, reference, cb.failure());
    }
    if (cb.error() != null) {
      String lower = cb.error().toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("not found") || lower.contains("manifest unknown")) {
        throw new ImageNotFoundException(
            "pull of " + reference + " failed: " + cb.error(), endpoint, reference);
      }
      throw new RegistryException(
          "pull of " + reference + " failed: " + cb.error(), endpoint, reference);
    }
    ImageInfo pulled = doInspectImage(reference);
    LOG.info(
        "pull {} done: image {}{}{}",
        reference,
        pulled.id(),
        cb.progress().digest().map(d -> ", digest " + d).orElse(""),
        layers(cb.progress()));
    return pulled;
  }

  private DockerException registryError(RuntimeException e, String op, String reference) {
    if (e instanceof InvalidSpecException invalid) {
      throw invalid; // the caller's bad input, not a registry failure
    }
    if (e instanceof DockerException d) {
      return d;
    }
    if (Errors.isTransport(e)) {
      return Errors.unreachable(endpoint, e);
    }
    String msg = Errors.engineMessage(e);
    String lower = msg.toLowerCase(java.util.Locale.ROOT);
    if (e instanceof NotFoundException
        && (lower.contains("manifest unknown") || lower.contains("not found"))
        && op.equals("pull")) {
      return new ImageNotFoundException(
          op + " of " + reference + " failed: " + msg, endpoint, reference, e);
    }
    if (e instanceof NotFoundException && op.equals("push")) {
      return new ImageNotFoundException(
          op + " of " + reference + " failed: " + msg, endpoint, reference, e);
    }
    return new RegistryException(
        op + " of " + reference + " failed: " + msg, endpoint, reference, e);
  }

  private static AuthConfig authConfig(Optional<RegistryAuth> auth) {
    return auth.map(
            a ->
                new AuthConfig()
                    .withUsername(a.username())
                    .withPassword(a.password())
                    .withRegistryAddress(a.serverAddress()))
        .orElseGet(AuthConfig::new);
  }

  /**
   * Splits {@code host:5000/repo:tag} into repo and tag (default {@code latest}); digests stay in
   * the repo part.
   */
  static String[] splitTag(String reference) {
    if (reference.contains("@")) {
      return new String[] {reference, ""};
    }
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    if (colon > slash) {
      return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
    }
    return new String[] {reference, "latest"};
  }

  @Override
  public ImageInfo inspectImage(String reference) {
    return recorder.call(ContainerOperation.INSPECT_IMAGE, () -> doInspectImage(reference));
  }

  private ImageInfo doInspectImage(String reference) {
    ensureOpen();
    Validate.imageRef("image", reference);
    InspectImageResponse r =
        call(Subject.IMAGE, reference, () -> api.inspectImageCmd(reference).exec());
    Map<String, String> labels =
        r.getConfig() != null && r.getConfig().getLabels() != null
            ? r.getConfig().getLabels()
            : Map.of();
    return new ImageInfo(
        r.getId(),
        r.getRepoTags() == null ? List.of() : r.getRepoTags(),
        labels,
        r.getSize() == null ? 0 : r.getSize());
  }

  @Override
  public Optional<ImageInfo> findImage(String reference) {
    return recorder.call(ContainerOperation.FIND_IMAGE, () -> doFindImage(reference));
  }

  private Optional<ImageInfo> doFindImage(String reference) {
    ensureOpen();
    Validate.imageRef("image", reference);
    try {
      return Optional.of(doInspectImage(reference));
    } catch (ImageNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<ImageInfo> listImages(Map<String, String> labels) {
    return recorder.call(ContainerOperation.LIST_IMAGES, () -> doListImages(labels));
  }

  private List<ImageInfo> doListImages(Map<String, String> labels) {
    ensureOpen();
    Validate.labels(labels);
    List<Image> images =
        call(
            Subject.OTHER,
            "images",
            () ->
                labels.isEmpty()
                    ? api.listImagesCmd().exec()
                    : api.listImagesCmd().withLabelFilter(labels).exec());
    List<ImageInfo> out = new ArrayList<>(images.size());
    for (Image i : images) {
      List<String> tags =
          i.getRepoTags() == null
              ? List.of()
              : java.util.Arrays.stream(i.getRepoTags())
                  .filter(t -> !t.equals("<none>:<none>"))
                  .toList();
      out.add(
          new ImageInfo(
              i.getId(),
              tags,
              i.getLabels() == null ? Map.of() : i.getLabels(),
              i.getSize() == null ? 0 : i.getSize()));
    }
    return out;
  }

  @Override
  public void removeImage(String reference, boolean force) {
    recorder.run(ContainerOperation.REMOVE_IMAGE, () -> doRemoveImage(reference, force));
  }

  private void doRemoveImage(String reference, boolean force) {
    ensureOpen();
    Validate.imageRef("image", reference);
    try {
      api.removeImageCmd(reference).withForce(force).exec();
    } catch (NotFoundException e) {
      LOG.debug("image {} already gone", reference);
    } catch (RuntimeException e) {
      throw Errors.map(e, endpoint, Subject.IMAGE, reference);
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
    spec.mounts().stream()
        .filter(m -> m.type() == Mount.Type.VOLUME)
        .forEach(m -> ensureVolume(m.source()));
    List<ExposedPort> exposed = new ArrayList<>();
    Ports bindings = new Ports();
    for (PortBinding p : spec.ports()) {
      ExposedPort ep = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
      exposed.add(ep);
      bindings.bind(
          ep,
          new Ports.Binding(
              p.hostIp().isEmpty() ? null : p.hostIp(),
              p.hostPort() == 0 ? null : Integer.toString(p.hostPort())));
    }
    HostConfig host =
        HostConfig.newHostConfig()
            .withPortBindings(bindings)
            .withRestartPolicy(toRestart(spec.restartPolicy()));
    if (!spec.mounts().isEmpty()) {
      host.withMounts(
          spec.mounts().stream()
              .map(
                  m ->
                      new com.github.dockerjava.api.model.Mount()
                          .withType(m.type() == Mount.Type.BIND ? MountType.BIND : MountType.VOLUME)
                          .withSource(m.source())
                          .withTarget(m.target())
                          .withReadOnly(m.readOnly()))
              .toList());
    }
    if (spec.memoryBytes() > 0) {
      host.withMemory(spec.memoryBytes());
    }
    if (spec.nanoCpus() > 0) {
      host.withNanoCPUs(spec.nanoCpus());
    }
    spec.network().ifPresent(host::withNetworkMode);
    String resource = spec.name().orElse(spec.image());
    return call(
        Subject.IMAGE,
        spec.image(),
        () -> {
          CreateContainerCmd cmd =
              api.createContainerCmd(spec.image())
                  .withLabels(withSession(spec.labels()))
                  .withEnv(spec.envList())
                  .withExposedPorts(exposed)
                  .withHostConfig(host);
          spec.name().ifPresent(cmd::withName);
          spec.entrypoint().ifPresent(cmd::withEntrypoint);
          spec.command().ifPresent(cmd::withCmd);
          spec.workingDir().ifPresent(cmd::withWorkingDir);
          spec.user().ifPresent(cmd::withUser);
          try {
            return cmd.exec().getId();
          } catch (com.github.dockerjava.api.exception.ConflictException e) {
            throw Errors.map(e, endpoint, Subject.CONTAINER, resource);
          }
        });
  }

  private void ensureVolume(String name) {
    try {
      api.inspectVolumeCmd(name).exec();
    } catch (NotFoundException e) {
      try {
        api.createVolumeCmd()
            .withName(name)
            .withLabels(SessionLabels.forSession(config.sessionId()))
            .exec();
      } catch (RuntimeException ce) {
        throw Errors.map(ce, endpoint, Subject.VOLUME, name);
      }
    } catch (RuntimeException e) {
      throw Errors.map(e, endpoint, Subject.VOLUME, name);
    }
  }

  private static com.github.dockerjava.api.model.RestartPolicy toRestart(
      dev.cloudnative.docker.RestartPolicy p) {
    return switch (p.kind()) {
      case NO -> com.github.dockerjava.api.model.RestartPolicy.noRestart();
      case ALWAYS -> com.github.dockerjava.api.model.RestartPolicy.alwaysRestart();
      case UNLESS_STOPPED -> com.github.dockerjava.api.model.RestartPolicy.unlessStoppedRestart();
      case ON_FAILURE ->
          com.github.dockerjava.api.model.RestartPolicy.onFailureRestart(p.maxRetries());
    };
  }

  @Override
  public void start(String container) {
    recorder.run(ContainerOperation.START, () -> doStart(container));
  }

  private void doStart(String container) {
    ensureOpen();
    Validate.containerRef(container);
    try {
      api.startContainerCmd(container).exec();
    } catch (NotModifiedException alreadyRunning) {
      LOG.debug("container {} already running", container);
    } catch (RuntimeException e) {
      if (startedDespite(e, container)) {
        return;
      }
      throw Errors.map(e, endpoint, Subject.CONTAINER, container);
    }
  }

  /**
   * Podman's start can fail with HTTP 500 "read /proc/PID/cgroup: no such process" when the
   * container's process exits before the engine has read its cgroup (a race in Podman,
   * containers/podman#16383): the container did start and has run. Such a failure is a success when
   * the container's state says it started; anything else stays a failure.
   */
  private boolean startedDespite(RuntimeException e, String container) {
    String message = String.valueOf(e.getMessage());
    if (!(e instanceof com.github.dockerjava.api.exception.InternalServerErrorException)
        || !message.contains("/cgroup: no such process")) {
      return false;
    }
    try {
      var state = api.inspectContainerCmd(container).exec().getState();
      String startedAt = state == null ? null : state.getStartedAt();
      boolean started =
          startedAt != null && !startedAt.isEmpty() && !startedAt.startsWith("0001-01-01");
      if (started) {
        LOG.debug(
            "container {} started and its process ended before the engine read its cgroup ({});"
                + " treated as started",
            container,
            message);
      }
      return started;
    } catch (RuntimeException inspectFailed) {
      e.addSuppressed(inspectFailed);
      return false;
    }
  }

  @Override
  public void stop(String container, Duration grace) {
    recorder.run(ContainerOperation.STOP, () -> doStop(container, grace));
  }

  private void doStop(String container, Duration grace) {
    ensureOpen();
    Validate.containerRef(container);
    int seconds = graceSeconds(grace);
    try {
      streams.stopContainerCmd(container).withTimeout(seconds).exec();
    } catch (NotModifiedException | NotFoundException alreadyStoppedOrGone) {
      LOG.debug("container {} already stopped or removed", container);
    } catch (RuntimeException e) {
      throw Errors.map(e, endpoint, Subject.CONTAINER, container);
    }
  }

  @Override
  public void kill(String container) {
    recorder.run(ContainerOperation.KILL, () -> doKill(container));
  }

  private void doKill(String container) {
    ensureOpen();
    Validate.containerRef(container);
    run(Subject.CONTAINER, container, () -> api.killContainerCmd(container).exec());
  }

  @Override
  public void restart(String container, Duration grace) {
    recorder.run(ContainerOperation.RESTART, () -> doRestart(container, grace));
  }

  private void doRestart(String container, Duration grace) {
    ensureOpen();
    Validate.containerRef(container);
    int seconds = graceSeconds(grace);
    run(
        Subject.CONTAINER,
        container,
        () -> streams.restartContainerCmd(container).withTimeout(seconds).exec());
  }

  private static int graceSeconds(Duration grace) {
    Validate.grace(grace);
    return (int) Math.min(Integer.MAX_VALUE, (grace.toMillis() + 999) / 1000);
  }

  @Override
  public void remove(String container, boolean force, boolean removeVolumes) {
    recorder.run(ContainerOperation.REMOVE, () -> doRemove(container, force, removeVolumes));
  }

  private void doRemove(String container, boolean force, boolean removeVolumes) {
    ensureOpen();
    Validate.containerRef(container);
    try {
      api.removeContainerCmd(container).withForce(force).withRemoveVolumes(removeVolumes).exec();
    } catch (NotFoundException alreadyGone) {
      LOG.debug("container {} already removed", container);
    } catch (com.github.dockerjava.api.exception.ConflictException e) {
      if (!Errors.engineMessage(e).contains("already in progress")) {
        throw Errors.map(e, endpoint, Subject.CONTAINER, container);
      }
    } catch (RuntimeException e) {
      throw Errors.map(e, endpoint, Subject.CONTAINER, container);
    }
  }

  @Override
  public ContainerInfo inspect(String container) {
    return recorder.call(ContainerOperation.INSPECT, () -> doInspect(container));
  }

  // NetworkSettings.IPAddress is deprecated (per-network addresses replace it) but is the only one
  // the default
  // bridge reports on older engines; the per-network address is the fallback.
  @SuppressWarnings("deprecation")
  private ContainerInfo doInspect(String container) {
    ensureOpen();
    Validate.containerRef(container);
    InspectContainerResponse r =
        call(Subject.CONTAINER, container, () -> api.inspectContainerCmd(container).exec());
    var state = r.getState();
    ContainerState cs = ContainerState.parse(state == null ? null : state.getStatus());
    OptionalInt exit =
        state != null && state.getExitCodeLong() != null && cs == ContainerState.EXITED
            ? OptionalInt.of(state.getExitCodeLong().intValue())
            : OptionalInt.empty();
    Optional<String> health =
        Optional.ofNullable(state == null ? null : state.getHealth())
            .map(h -> h.getStatus())
            .filter(s -> !s.isBlank() && !s.equals("none"));
    HealthCheck hc = r.getConfig() == null ? null : r.getConfig().getHealthcheck();
    List<String> test = hc == null || hc.getTest() == null ? List.of() : hc.getTest();
    List<PortMapping> ports = new ArrayList<>();
    if (r.getNetworkSettings() != null && r.getNetworkSettings().getPorts() != null) {
      r.getNetworkSettings()
          .getPorts()
          .getBindings()
          .forEach(
              (ep, bs) -> {
                if (bs != null) {
                  for (Ports.Binding b : bs) {
                    ports.add(
                        new PortMapping(
                            ep.getPort(),
                            ep.getProtocol().toString(),
                            b.getHostIp() == null ? "" : b.getHostIp(),
                            parsePort(b.getHostPortSpec())));
                  }
                }
              });
    }
    String ip = "";
    if (r.getNetworkSettings() != null) {
      ip = Optional.ofNullable(r.getNetworkSettings().getIpAddress()).orElse("");
      if (ip.isEmpty() && r.getNetworkSettings().getNetworks() != null) {
        ip =
            r.getNetworkSettings().getNetworks().values().stream()
                .map(ContainerNetwork::getIpAddress)
                .filter(s -> s != null && !s.isEmpty())
                .findFirst()
                .orElse("");
      }
    }
    Map<String, String> labels =
        r.getConfig() != null && r.getConfig().getLabels() != null
            ? r.getConfig().getLabels()
            : Map.of();
    String name = r.getName() == null ? "" : r.getName().replaceFirst("^/", "");
    String image =
        r.getConfig() != null && r.getConfig().getImage() != null
            ? r.getConfig().getImage()
            : String.valueOf(r.getImageId());
    return new ContainerInfo(r.getId(), name, image, cs, exit, health, test, ports, ip, labels);
  }

  private static int parsePort(String spec) {
    try {
      return spec == null || spec.isBlank() ? 0 : Integer.parseInt(spec.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public List<ContainerInfo> list(Map<String, String> labels, boolean all) {
    return recorder.call(ContainerOperation.LIST, () -> doList(labels, all));
  }

  private List<ContainerInfo> doList(Map<String, String> labels, boolean all) {
    ensureOpen();
    Validate.labels(labels);
    List<Container> cs =
        call(
            Subject.OTHER,
            "containers",
            () -> {
              var cmd = api.listContainersCmd().withShowAll(all);
              if (!labels.isEmpty()) {
                cmd.withLabelFilter(labels);
              }
              return cmd.exec();
            });
    List<ContainerInfo> out = new ArrayList<>(cs.size());
    for (Container c : cs) {
      ContainerState st = ContainerState.parse(c.getState());
      OptionalInt exit = OptionalInt.empty();
      if (st == ContainerState.EXITED && c.getStatus() != null) {
        Matcher m = EXITED.matcher(c.getStatus());
        if (m.find()) {
          exit = OptionalInt.of(Integer.parseInt(m.group(1)));
        }
      }
      Optional<String> health = Optional.empty();
      String status = String.valueOf(c.getStatus());
      for (String h : List.of("healthy", "unhealthy", "starting")) {
        if (status.contains("(" + h + ")") || status.contains("(health: " + h + ")")) {
          health = Optional.of(h);
        }
      }
      List<PortMapping> ports = new ArrayList<>();
      if (c.getPorts() != null) {
        for (ContainerPort p : c.getPorts()) {
          ports.add(
              new PortMapping(
                  p.getPrivatePort() == null ? 0 : p.getPrivatePort(),
                  String.valueOf(p.getType()),
                  p.getIp() == null ? "" : p.getIp(),
                  p.getPublicPort() == null ? 0 : p.getPublicPort()));
        }
      }
      String name =
          c.getNames() == null || c.getNames().length == 0
              ? ""
              : c.getNames()[0].replaceFirst("^/", "");
      String ip =
          c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null
              ? ""
              : c.getNetworkSettings().getNetworks().values().stream()
                  .map(ContainerNetwork::getIpAddress)
                  .filter(s -> s != null && !s.isEmpty())
                  .findFirst()
                  .orElse("");
      out.add(
          new ContainerInfo(
              c.getId(),
              name,
              String.valueOf(c.getImage()),
              st,
              exit,
              health,
              List.of(),
              ports,
              ip,
              c.getLabels() == null ? Map.of() : c.getLabels()));
    }
    return out;
  }

  @Override
  public int waitForExit(String container, Duration timeout) {
    return recorder.call(ContainerOperation.WAIT, () -> doWaitForExit(container, timeout));
  }

  private int doWaitForExit(String container, Duration timeout) {
    ensureOpen();
    Validate.containerRef(container);
    java.util.Objects.requireNonNull(timeout, "timeout");
    Integer[] code = {null};
    ResultCallback.Adapter<WaitResponse> cb =
        new ResultCallback.Adapter<>() {
          @Override
          public void onNext(WaitResponse r) {
            code[0] = r.getStatusCode();
          }
        };
    try {
      streams.waitContainerCmd(container).exec(cb);
      await(cb, timeout, "wait for exit of " + container);
    } catch (RuntimeException e) {
      throw Errors.map(e, endpoint, Subject.CONTAINER, container);
    }
    if (code[0] == null) {
      ContainerInfo info = doInspect(container);
      return info.exitCode()
          .orElseThrow(
              () ->
                  new DockerException(
                      "engine ended the wait for "
                          + container
                          + " without an exit code; state "
                          + info.state(),
                      endpoint,
                      container));
    }
    return code[0];
  }

  @Override
  public Logs logs(String container, LogOptions options) {
    return recorder.call(ContainerOperation.LOGS, () -> doLogs(container, options));
  }

  private Logs doLogs(String container, LogOptions options) {
    ensureOpen();
    return new Logs(snapshot(container, options, true));
  }

  List<LogLine> snapshot(String container, LogOptions options, boolean flushPartialLine) {
    return snapshot(container, options, flushPartialLine, false);
  }

  /**
   * With {@code timestamps}, every line starts with the engine's RFC 3339 timestamp and a space.
   */
  List<LogLine> snapshot(
      String container, LogOptions options, boolean flushPartialLine, boolean timestamps) {
    Validate.containerRef(container);
    List<LogLine> lines = new ArrayList<>();
    FrameCallback cb = new FrameCallback(lines::add, flushPartialLine);
    try {
      logCmd(container, options, false).withTimestamps(timestamps).exec(cb);
      await(cb, LOG_SNAPSHOT_TIMEOUT, "logs of " + container);
    } catch (RuntimeException e) {
      throw Errors.map(e, endpoint, Subject.CONTAINER, container);
    }
    return lines;
  }

  private LogContainerCmd logCmd(String container, LogOptions options, boolean follow) {
    LogContainerCmd cmd =
        streams
            .logContainerCmd(container)
            .withStdOut(options.stdout())
            .withStdErr(options.stderr())
            .withFollowStream(follow)
            .withTimestamps(false);
    if (options.tail().isPresent()) {
      cmd.withTail(options.tail().getAsInt());
    } else {
      cmd.withTailAll();
    }
    options.since().ifPresent(s -> cmd.withSince((int) s.getEpochSecond()));
    return cmd;
  }

  @Override
  public Subscription followLogs(String container, LogOptions options, LogConsumer consumer) {
    return recorder.call(
        ContainerOperation.FOLLOW_LOGS, () -> doFollowLogs(container, options, consumer));
  }

  private Subscription doFollowLogs(String container, LogOptions options, LogConsumer consumer) {
    ensureOpen();
    Validate.containerRef(container);
    if (snapshotFollow) {
      return SnapshotFollow.start(this, container, options, consumer);
    }
    // Docker ends a follow when the container stops, and under heavy load it ended it before the
    // last lines had
    // been delivered (observed: 1 592 and 3 640 of 1 400 000 lines missing at the end, never
    // reordered), and a read
    // straight after that could still lack them while a later read had them all. So the stream
    // holds back an
    // unterminated last line and, when the engine ends it, reads snapshots until one brings nothing
    // new after a
    // pause; lines past those already delivered are handed on. With a tail the delivered lines are
    // not a prefix of
    // any snapshot, so no catch-up is possible there.
    long[] delivered = {0};
    FrameCallback cb =
        new FrameCallback(
            line -> {
              delivered[0]++;
              consumer.accept(line);
            },
            options.tail().isPresent());
    if (options.tail().isEmpty()) {
      cb.onNaturalEnd(() -> catchUp(container, options, consumer, delivered));
    }
    try {
      logCmd(container, options, true).exec(cb);
    } catch (RuntimeException e) {
      throw Errors.map(e, endpoint, Subject.CONTAINER, container);
    }
    return new Subscription() {
      @Override
      public boolean awaitEnd(Duration timeout) {
        try {
          return cb.awaitEnd(timeout);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        } catch (RuntimeException e) {
          throw Errors.map(e, endpoint, Subject.CONTAINER, container);
        }
      }

      @Override
      public boolean isEnded() {
        return awaitEnd(Duration.ZERO);
      }

      @Override
      public void close() {
        cb.cancel();
      }
    };
  }

  private static final Duration SETTLE_PAUSE = Duration.ofMillis(750);
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
  // How long a container whose follow ended may take to be reported stopped: moby sets the state
  // right after closing the log driver, so this is short unless the daemon is starved.
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  /** Whether the container is (or within {@code wait} becomes) not running; absent counts too. */
  private boolean stoppedWithin(String container, Duration wait) throws InterruptedException {
    long until = System.nanoTime() + wait.toNanos();
    while (true) {
      InspectContainerResponse r =
          call(Subject.CONTAINER, container, () -> api.inspectContainerCmd(container).exec());
      if (r.getState() == null || !Boolean.TRUE.equals(r.getState().getRunning())) {
        return true;
      }
      if (System.nanoTime() > until) {
        return false;
      }
      Thread.sleep(10);
    }
  }

  private void catchUp(
      String container, LogOptions options, LogConsumer consumer, long[] delivered) {
    long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
    try {
      if (stoppedWithin(container, STOP_WAIT)) {
        // Docker marks a container stopped only after its log copier drained and its log driver
        // closed (moby's handleContainerExit: StreamConfig.Wait, then Reset, then SetStopped), so
        // one read from then on holds every line: no settling pause is needed. Without this, every
        // follow of a short-lived container paid two pauses (a pipeline step running `true` took
        // 1.25 s, 0.75 s of it here).
        List<LogLine> all = snapshot(container, options, true);
        for (long i = delivered[0]; i < all.size(); i++) {
          delivered[0]++;
          consumer.accept(all.get((int) i));
        }
        return;
      }
      // Still running although the follow ended (the daemon dropped the stream): settle by
      // reading until two reads a pause apart bring nothing new.
      int quiet = 0;
      while (quiet < 2 && System.nanoTime() < deadline) {
        // The last (quiet) round flushes: by then an unterminated last line is really the last one.
        List<LogLine> all = snapshot(container, options, quiet == 1);
        boolean grew = all.size() > delivered[0];
        for (long i = delivered[0]; i < all.size(); i++) {
          delivered[0]++;
          consumer.accept(all.get((int) i));
        }
        quiet = grew ? 0 : quiet + 1;
        if (quiet < 2 && !grew) {
          Thread.sleep(SETTLE_PAUSE.toMillis());
        }
      }
    } catch (ContainerNotFoundException removed) {
      LOG.debug("container {} removed before its log settled", container);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (DockerException e) {
      LOG.warn(
          "catch-up read after the log follow of {} failed; lines after {} may be missing",
          container,
          delivered[0],
          e);
    }
  }

  @Override
  public ExecResult exec(String container, List<String> command, Duration timeout) {
    return recorder.call(ContainerOperation.EXEC, () -> doExec(container, command, timeout));
  }

  private ExecResult doExec(String container, List<String> command, Duration timeout) {
    ensureOpen();
    Validate.containerRef(container);
    List<String> args = Validate.args("exec command", command);
    java.util.Objects.requireNonNull(timeout, "timeout");
    if (args.isEmpty()) {
      throw new InvalidSpecException("exec command", "[]", "needs at least the program");
    }
    String execId =
        call(
            Subject.CONTAINER,
            container,
            () ->
                api.execCreateCmd(container)
                    .withCmd(args.toArray(String[]::new))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec()
                    .getId());
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    FrameCallback cb =
        new FrameCallback(
            l -> (l.stream() == LogStream.STDERR ? err : out).append(l.text()).append('\n'));
    Instant deadline = Instant.now().plus(timeout);
    try {
      streams.execStartCmd(execId).withDetach(false).exec(cb);
      await(cb, timeout, "exec " + args + " in " + container);
    } catch (RuntimeException e) {
      throw Errors.map(e, endpoint, Subject.CONTAINER, container);
    }
    // Podman may report the exec as running for a moment after its output stream closed.
    while (true) {
      InspectExecResponse ie =
          call(Subject.CONTAINER, container, () -> api.inspectExecCmd(execId).exec());
      if (!Boolean.TRUE.equals(ie.isRunning()) && ie.getExitCodeLong() != null) {
        return new ExecResult(ie.getExitCodeLong().intValue(), out.toString(), err.toString());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new DockerTimeoutException(
            "exec " + args + " in " + container + " still running after " + timeout,
            endpoint,
            container);
      }
      sleep(20);
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
    Map<String, String> mine = Map.of(SessionLabels.SESSION, config.sessionId());
    int removed = 0;
    List<DockerException> failures = new ArrayList<>();
    for (ContainerInfo c : doList(mine, true)) {
      try {
        doRemove(c.id(), true, true);
        removed++;
      } catch (DockerException e) {
        failures.add(e);
      }
    }
    try {
      var volumes =
          api.listVolumesCmd()
              .withFilter("label", List.of(SessionLabels.SESSION + "=" + config.sessionId()))
              .exec()
              .getVolumes();
      for (var v :
          volumes == null
              ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of()
              : volumes) {
        try {
          api.removeVolumeCmd(v.getName()).exec();
          removed++;
        } catch (NotFoundException gone) {
          LOG.debug("volume {} already removed", v.getName());
        } catch (RuntimeException e) {
          failures.add(Errors.map(e, endpoint, Subject.VOLUME, v.getName()));
        }
      }
    } catch (RuntimeException e) {
      failures.add(Errors.map(e, endpoint, Subject.VOLUME, "volumes"));
    }
    for (ImageInfo i : doListImages(mine)) {
      try {
        doRemoveImage(i.id(), true);
        removed++;
      } catch (DockerException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      DockerException first =
          new DockerException(
              "session cleanup left "
                  + failures.size()
                  + " resource(s): "
                  + failures.get(0).getMessage(),
              endpoint,
              config.sessionId(),
              failures.get(0));
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
    return removed;
  }

  private void removeQuietly() {
    try {
      doRemoveSessionResources();
    } catch (RuntimeException e) {
      LOG.warn("cleanup of session {} at {} failed", config.sessionId(), endpoint, e);
    }
  }

  /** Removes the session's resources and releases the clients; a second call does nothing. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      doRemoveSessionResources();
    } finally {
      closed = true;
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          LOG.debug("JVM already shutting down");
        }
      }
      closeClients();
    }
  }

  private void closeClients() {
    for (DockerClient c : List.of(api, streams, pinger)) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.debug("closing docker client failed", e);
      }
    }
  }

  // --------------------------------------------------------------- helpers

  private void await(ResultCallback.Adapter<?> cb, Duration timeout, String what) {
    boolean done;
    try {
      done = cb.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(cb);
      throw new DockerException("interrupted during " + what, endpoint, what, e);
    }
    if (!done) {
      closeQuietly(cb);
      throw new DockerTimeoutException(what + " did not finish within " + timeout, endpoint, what);
    }
  }

  private static void closeQuietly(ResultCallback.Adapter<?> cb) {
    try {
      cb.close();
    } catch (IOException e) {
      LOG.debug("closing stream failed", e);
    }
  }

  private <T> T call(Subject subject, String resource, Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw Errors.map(e, endpoint, subject, resource);
    }
  }

  private void run(Subject subject, String resource, Runnable body) {
    call(
        subject,
        resource,
        () -> {
          body.run();
          return null;
        });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DockerException("interrupted", "", "", e);
    }
  }

  @Override
  public String toString() {
    return "DockerEngine[" + endpoint + ", session " + config.sessionId() + "]";
  }
}
