package dev.cloudnative.docker.engine;

import dev.cloudnative.docker.ConflictException;
import dev.cloudnative.docker.ContainerNotFoundException;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.EngineUnreachableException;
import dev.cloudnative.docker.ImageNotFoundException;
import dev.cloudnative.docker.InvalidSpecException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Maps docker-java's HTTP-status exceptions and transport failures to this module's typed
 * exceptions, keeping the engine's own message text.
 *
 * <p>Stateless and thread-safe.
 */
final class Errors {
  /** What the failing call was about, to tell "no such image" from "no such container" on a 404. */
  enum Subject {
    CONTAINER,
    IMAGE,
    VOLUME,
    OTHER
  }

  private Errors() {}

  /**
   * The module exception for a failed engine call. A value our own validation rejected inside the
   * call is the caller's programming error, not an engine failure: it is rethrown unchanged rather
   * than wrapped into a {@link DockerException}.
   *
   * @throws InvalidSpecException if {@code e} is one
   */
  static DockerException map(
      RuntimeException e, String endpoint, Subject subject, String resource) {
    if (e instanceof InvalidSpecException invalid) {
      throw invalid;
    }
    if (e instanceof DockerException d) {
      return d;
    }
    String msg = engineMessage(e);
    if (e instanceof com.github.dockerjava.api.exception.NotFoundException) {
      String lower = msg.toLowerCase(Locale.ROOT);
      boolean otherThing = lower.contains("network") || lower.contains("volume");
      boolean image =
          (subject == Subject.IMAGE && !otherThing)
              || lower.contains("no such image")
              || lower.contains("image not known")
              || lower.contains("manifest unknown")
              || lower.contains("not found: manifest");
      if (image && !(subject == Subject.CONTAINER && lower.contains("container"))) {
        return new ImageNotFoundException(
            "image " + resource + " not found: " + msg, endpoint, resource, e);
      }
      if (subject == Subject.CONTAINER) {
        return new ContainerNotFoundException(
            "container " + resource + " not found: " + msg, endpoint, resource, e);
      }
      return new DockerException(resource + " not found: " + msg, endpoint, resource, e);
    }
    if (e instanceof com.github.dockerjava.api.exception.ConflictException) {
      return new ConflictException("conflict on " + resource + ": " + msg, endpoint, resource, e);
    }
    if (e instanceof com.github.dockerjava.api.exception.DockerException de
        && (msg.contains("already in use")
            || msg.contains("is not running")
            || msg.contains("in use by")
            || msg.contains("state improper"))) {
      // Podman answers some conflicts (name in use, container state) with HTTP 500 instead of 409.
      return new ConflictException("conflict on " + resource + ": " + msg, endpoint, resource, e);
    }
    if (e instanceof com.github.dockerjava.api.exception.DockerException de) {
      return new DockerException(
          "engine answered HTTP " + de.getHttpStatus() + " for " + resource + ": " + msg,
          endpoint,
          resource,
          e);
    }
    if (isTransport(e)) {
      return unreachable(endpoint, e);
    }
    return new DockerException("call about " + resource + " failed: " + e, endpoint, resource, e);
  }

  static EngineUnreachableException unreachable(String endpoint, Throwable e) {
    return new EngineUnreachableException(
        "cannot reach the container engine at " + endpoint + ": " + rootMessage(e),
        endpoint,
        endpoint,
        e);
  }

  static boolean isTransport(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoSuchFileException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException
          || t instanceof javax.net.ssl.SSLException
          || (t instanceof IOException && String.valueOf(t.getMessage()).contains("No such file"))
          || t.getClass().getSimpleName().contains("ConnectTimeout")
          || t.getClass().getSimpleName().equals("HttpHostConnectException")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * docker-java puts the JSON body ({"message":"..."}) in the exception message; keep just the
   * text.
   */
  static String engineMessage(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int i = m.indexOf("\"message\":\"");
    if (i >= 0) {
      int end = m.indexOf('"', i + 11);
      while (end > 0 && m.charAt(end - 1) == '\\') {
        end = m.indexOf('"', end + 1);
      }
      if (end > i) {
        return m.substring(i + 11, end).replace("\\\"", "\"");
      }
    }
    int status = m.indexOf("Status ");
    return status == 0 ? m.replaceFirst("^Status \\d+: ", "").strip() : m.strip();
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
