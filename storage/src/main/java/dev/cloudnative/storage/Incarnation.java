package dev.cloudnative.storage;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity and incarnation marker a {@link StorageNode} keeps in its own data (a Redis key, a
 * record of a file node's log, a field of an in-memory node), so that it disappears exactly when
 * the data does. A coordinator that meets a node whose marker is missing (the node restarted empty
 * or was replaced) or carries another token than the one it last saw treats the node as recovering:
 * it stamps a new marker, streams the node's ranges to it from the other replicas and marks it
 * {@link #ready()} once every range was received. A marker that says {@code ready=false} tells the
 * next coordinator that a recovery was cut short and must run again. Immutable and therefore
 * thread-safe.
 *
 * @param nodeId the id of the node the data belongs to (a marker naming another id means the data
 *     is another node's: the node was replaced)
 * @param token 32 lower-case hex digits, new for every incarnation
 * @param ready true once the node holds every range it replicates; false while it is recovering
 */
public record Incarnation(String nodeId, String token, boolean ready) {
  private static final String PREFIX = "cn-incarnation/1 ";
  private static final SecureRandom RANDOM = new SecureRandom();

  public Incarnation {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(token, "token");
    if (nodeId.isBlank()) {
      throw new InvalidRequestException(
          "incarnation nodeId must be non-blank, found '" + nodeId + "'");
    }
    if (token.length() != 32
        || !token.chars().allMatch(c -> HexFormat.isHexDigit(c) && !Character.isUpperCase(c))) {
      throw new InvalidRequestException(
          "incarnation token must be 32 lower-case hex digits, found '" + token + "'");
    }
  }

  /** A new incarnation of node {@code nodeId} with a random token. */
  public static Incarnation fresh(String nodeId, boolean ready) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return new Incarnation(nodeId, HexFormat.of().formatHex(b), ready);
  }

  /** The same incarnation, marked ready or recovering. */
  public Incarnation withReady(boolean isReady) {
    return new Incarnation(nodeId, token, isReady);
  }

  /** True when {@code other} is the same incarnation (node and token), whatever its state. */
  public boolean sameIncarnation(Incarnation other) {
    return other != null && other.nodeId.equals(nodeId) && other.token.equals(token);
  }

  /** The stored form: {@code "cn-incarnation/1 <token> ready|recovering <nodeId>"}. */
  public String encode() {
    return PREFIX + token + (ready ? " ready " : " recovering ") + nodeId;
  }

  /** Parses {@link #encode()}; empty for anything else (a damaged marker counts as none). */
  public static Optional<Incarnation> parse(String stored) {
    Objects.requireNonNull(stored, "stored");
    if (!stored.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = stored.substring(PREFIX.length()).split(" ", 3);
    if (parts.length != 3 || !(parts[1].equals("ready") || parts[1].equals("recovering"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Incarnation(parts[2], parts[0], parts[1].equals("ready")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
