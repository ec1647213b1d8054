package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.ClusterConfig;
import dev.cloudnative.kubernetes.KubernetesException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** Builds a fabric8 {@link Config} from a {@link ClusterConfig}. Stateless and thread-safe. */
final class Fabric8Config {
  private Fabric8Config() {}

  static Config from(ClusterConfig c, Map<String, String> env) {
    Config base =
        switch (c.source()) {
          case KUBECONFIG -> kubeconfig(c);
          case IN_CLUSTER -> inCluster(c, env);
          case EXPLICIT -> explicit(c);
        };
    ConfigBuilder b =
        new ConfigBuilder(base)
            .withRequestTimeout((int) c.requestTimeout().toMillis())
            .withConnectionTimeout((int) c.connectTimeout().toMillis())
            .withRequestRetryBackoffLimit(c.retryBackoffLimit())
            .withRequestRetryBackoffInterval((int) c.retryBackoffInterval().toMillis())
            .withWatchReconnectInterval(1000);
    c.namespace().ifPresent(b::withNamespace);
    if (c.trustCerts()) {
      b.withTrustCerts(true).withDisableHostnameVerification(true);
    }
    Config out = b.build();
    if (out.getNamespace() == null || out.getNamespace().isEmpty()) {
      out.setNamespace("default");
    }
    return out;
  }

  private static Config kubeconfig(ClusterConfig c) {
    Path file = c.kubeconfigFile().orElseGet(Fabric8Config::defaultKubeconfig);
    if (!Files.isReadable(file)) {
      throw new KubernetesException(
          "no readable kubeconfig at "
              + file
              + "; set KUBECONFIG, pass a file to"
              + " ClusterConfig.kubeconfig(Path), or use ClusterConfig.inCluster()/master(url)",
          "Config",
          "",
          "",
          0,
          null);
    }
    try {
      return Config.fromKubeconfig(c.context().orElse(null), file.toFile());
    } catch (RuntimeException e) {
      throw new KubernetesException(
          "cannot load kubeconfig "
              + file
              + c.context().map(x -> " context " + x).orElse("")
              + ": "
              + e.getMessage(),
          "Config",
          "",
          "",
          0,
          e);
    }
  }

  private static Path defaultKubeconfig() {
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env.split(java.io.File.pathSeparator)[0]);
    }
    return Path.of(System.getProperty("user.home"), ".kube", "config");
  }

  private static Config inCluster(ClusterConfig c, Map<String, String> env) {
    Path dir = c.serviceAccountDir();
    Path tokenFile = dir.resolve("token");
    if (!Files.isReadable(tokenFile)) {
      throw new KubernetesException(
          "not running in a pod: no service account token at " + tokenFile,
          "Config",
          "",
          "",
          0,
          null);
    }
    String master =
        c.masterUrl()
            .orElseGet(
                () -> {
                  String host = env.get("KUBERNETES_SERVICE_HOST");
                  String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
                  if (host == null || host.isBlank()) {
                    throw new KubernetesException(
                        "not running in a pod: KUBERNETES_SERVICE_HOST is not set",
                        "Config",
                        "",
                        "",
                        0,
                        null);
                  }
                  return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
                });
    ConfigBuilder b =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(master)
            // Projected service-account tokens rotate; reading the file per request keeps
            // long-lived clients valid.
            .withOauthTokenProvider(() -> read(tokenFile).trim());
    Path ca = dir.resolve("ca.crt");
    if (Files.isReadable(ca)) {
      b.withCaCertFile(ca.toString());
    }
    Path ns = dir.resolve("namespace");
    if (Files.isReadable(ns)) {
      b.withNamespace(read(ns).trim());
    }
    return b.build();
  }

  private static Config explicit(ClusterConfig c) {
    ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(c.masterUrl().orElseThrow());
    c.token().ifPresent(b::withOauthToken);
    c.caCertPem().ifPresent(pem -> b.withCaCertData(base64(pem)));
    c.clientCertPem().ifPresent(pem -> b.withClientCertData(base64(pem)));
    c.clientKeyPem().ifPresent(pem -> b.withClientKeyData(base64(pem)));
    return b.build();
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }
}
