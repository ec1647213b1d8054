package dev.cloudnative.docker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudnative.docker.DockerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the endpoint the Docker CLI would use: {@code DOCKER_HOST}, else the context named by
 * {@code DOCKER_CONTEXT} or {@code currentContext} in {@code ~/.docker/config.json} (stored under
 * {@code ~/.docker/contexts/meta/<sha256(name)>/meta.json}), else the default socket.
 *
 * <p>Stateless and thread-safe.
 */
public final class DockerContexts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A resolved endpoint. */
  public record Endpoint(String host, Optional<Path> tlsCertPath, boolean tlsVerify) {}

  private DockerContexts() {}

  /**
   * The endpoint {@code env} and the Docker configuration under {@code home} name.
   *
   * @throws DockerException if the named context does not exist or cannot be read: that is the
   *     environment's configuration, not a value the caller passed, so it is an operational failure
   *     rather than an {@code InvalidSpecException}
   */
  public static Endpoint resolve(Map<String, String> env, Path home) {
    String dockerHost = env.get("DOCKER_HOST");
    Optional<Path> certs =
        Optional.ofNullable(env.get("DOCKER_CERT_PATH")).filter(s -> !s.isBlank()).map(Path::of);
    boolean verify = "1".equals(env.get("DOCKER_TLS_VERIFY"));
    if (dockerHost != null && !dockerHost.isBlank()) {
      return new Endpoint(
          dockerHost,
          verify ? certs.or(() -> Optional.of(home.resolve(".docker"))) : certs,
          verify);
    }
    String context = env.get("DOCKER_CONTEXT");
    Path dockerDir =
        Optional.ofNullable(env.get("DOCKER_CONFIG")).map(Path::of).orElse(home.resolve(".docker"));
    try {
      if (context == null || context.isBlank()) {
        Path config = dockerDir.resolve("config.json");
        if (Files.isRegularFile(config)) {
          JsonNode current = JSON.readTree(config.toFile()).path("currentContext");
          context = current.isTextual() ? current.asText() : null;
        }
      }
      if (context != null && !context.isBlank() && !context.equals("default")) {
        Path meta =
            dockerDir
                .resolve("contexts")
                .resolve("meta")
                .resolve(sha256(context))
                .resolve("meta.json");
        if (!Files.isRegularFile(meta)) {
          throw new DockerException(
              "docker context '" + context + "' does not exist (looked for " + meta + ")",
              "",
              context);
        }
        JsonNode docker = JSON.readTree(meta.toFile()).path("Endpoints").path("docker");
        String host = docker.path("Host").asText("");
        if (host.isEmpty()) {
          throw new DockerException(
              "docker context '" + context + "' has no docker endpoint Host in " + meta,
              "",
              context);
        }
        Path tls =
            dockerDir.resolve("contexts").resolve("tls").resolve(sha256(context)).resolve("docker");
        boolean skipVerify = docker.path("SkipTLSVerify").asBoolean(false);
        return new Endpoint(
            host,
            Files.isDirectory(tls) ? Optional.of(tls) : Optional.empty(),
            !skipVerify && Files.isDirectory(tls));
      }
    } catch (IOException e) {
      throw new DockerException(
          "docker context '" + context + "' could not be read: " + e,
          "",
          String.valueOf(context),
          e);
    }
    return new Endpoint("unix:///var/run/docker.sock", Optional.empty(), false);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }
}
