package dev.cloudnative.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys of one issuer: at most one active signing key, plus verification keys kept until the
 * tokens they signed have expired. {@link #rotate} makes a new key active and keeps the previous
 * one for verification until a given instant; expired keys drop out of lookups and of the JWKS.
 * Keys are found only by {@code kid} among the configured ones, never from token headers ({@code
 * jwk}, {@code jku}, {@code x5u}, {@code x5c}).
 *
 * <p>Thread-safety: safe for concurrent use. Readers see an immutable snapshot through one volatile
 * read; writers (rotation, which is rare) are serialized.
 */
public final class KeyRing {

  private record Entry(SigningKey key, Instant retireAt) {}

  private record Snapshot(SigningKey active, Map<String, Entry> byKid) {}

  private volatile Snapshot snapshot;

  private KeyRing(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** A ring that signs with {@code active}. */
  public static KeyRing of(SigningKey active) {
    Objects.requireNonNull(active, "active");
    if (!active.canSign()) {
      throw new InvalidConfigurationException(
          "Active key '" + active.keyId() + "' has no private key");
    }
    return new KeyRing(
        new Snapshot(active, Map.of(active.keyId(), new Entry(active, Instant.MAX))));
  }

  /** A ring of a fresh {@link SigningAlgorithm#ES256} key. */
  public static KeyRing generate() {
    return of(SigningKey.generate(SigningAlgorithm.ES256));
  }

  /** A ring that only verifies, with the given keys (e.g. another issuer's public keys). */
  public static KeyRing verificationOnly(Collection<SigningKey> keys) {
    Map<String, Entry> map = new LinkedHashMap<>();
    for (SigningKey k : keys) {
      if (map.put(k.keyId(), new Entry(k, Instant.MAX)) != null) {
        throw new InvalidConfigurationException("Duplicate key id '" + k.keyId() + "'");
      }
    }
    if (map.isEmpty()) {
      throw new InvalidConfigurationException(
          "A verification-only key ring needs at least one key");
    }
    return new KeyRing(new Snapshot(null, Map.copyOf(map)));
  }

  /**
   * A verification-only ring from a JWKS document (e.g. {@link #publicJwks()} of the issuer). Every
   * key must carry {@code kid} and an {@code alg} among {@link SigningAlgorithm}; that alg is the
   * only one accepted for it.
   */
  public static KeyRing fromJwks(String jwksJson) {
    JWKSet set;
    try {
      set = JWKSet.parse(jwksJson);
    } catch (ParseException e) {
      throw new InvalidConfigurationException("Not a valid JWKS document: " + e.getMessage(), e);
    }
    List<SigningKey> keys = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      if (jwk.getAlgorithm() == null) {
        throw new InvalidConfigurationException(
            "JWK '"
                + jwk.getKeyID()
                + "' has no alg; each key must be "
                + "bound to one of "
                + Arrays.stream(SigningAlgorithm.values()).map(a -> a.jws().getName()).toList());
      }
      // By the JWS name ("EdDSA"), not the Java constant's name (EDDSA).
      SigningAlgorithm alg =
          SigningAlgorithm.fromJwsName(jwk.getAlgorithm().getName())
              .orElseThrow(
                  () ->
                      new InvalidConfigurationException(
                          "JWK '"
                              + jwk.getKeyID()
                              + "' has alg "
                              + jwk.getAlgorithm()
                              + "; allowed: "
                              + Arrays.stream(SigningAlgorithm.values())
                                  .map(a -> a.jws().getName())
                                  .toList()));
      keys.add(SigningKey.fromJwk(jwk, alg).toVerificationKey());
    }
    return verificationOnly(keys);
  }

  /**
   * Makes {@code next} the active key; the previous active key stays valid for verification until
   * {@code keepPreviousUntil} (its last token's expiry plus clock skew).
   */
  public synchronized void rotate(SigningKey next, Instant keepPreviousUntil) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(keepPreviousUntil, "keepPreviousUntil");
    if (!next.canSign()) {
      throw new InvalidConfigurationException(
          "New active key '" + next.keyId() + "' has no private key");
    }
    Snapshot current = snapshot;
    if (current.byKid.containsKey(next.keyId())) {
      throw new InvalidConfigurationException(
          "Key id '" + next.keyId() + "' is already in the ring");
    }
    Map<String, Entry> map = new LinkedHashMap<>(current.byKid);
    if (current.active != null) {
      map.put(
          current.active.keyId(), new Entry(current.active.toVerificationKey(), keepPreviousUntil));
    }
    map.put(next.keyId(), new Entry(next, Instant.MAX));
    snapshot = new Snapshot(next, Map.copyOf(map));
  }

  /**
   * Adds a verification-only key (e.g. a key published ahead of a rotation elsewhere) until {@code
   * until}.
   */
  public synchronized void addVerificationKey(SigningKey key, Instant until) {
    Snapshot current = snapshot;
    if (current.byKid.containsKey(key.keyId())) {
      throw new InvalidConfigurationException(
          "Key id '" + key.keyId() + "' is already in the ring");
    }
    Map<String, Entry> map = new LinkedHashMap<>(current.byKid);
    map.put(key.keyId(), new Entry(key.toVerificationKey(), until));
    snapshot = new Snapshot(current.active, Map.copyOf(map));
  }

  /** Drops keys whose retirement instant has passed. */
  public synchronized void pruneRetired(Instant now) {
    Snapshot current = snapshot;
    Map<String, Entry> map = new LinkedHashMap<>(current.byKid);
    if (map.values().removeIf(e -> !now.isBefore(e.retireAt))) {
      snapshot = new Snapshot(current.active, Map.copyOf(map));
    }
  }

  /**
   * The active signing key.
   *
   * @throws InvalidConfigurationException if this ring is verification-only
   */
  public SigningKey activeKey() {
    SigningKey active = snapshot.active;
    if (active == null) {
      throw new InvalidConfigurationException(
          "This key ring is verification-only and has no signing key");
    }
    return active;
  }

  /** The key with this id if it is in the ring and not retired at {@code now}. */
  public Optional<SigningKey> verificationKey(String keyId, Instant now) {
    Entry e = snapshot.byKid.get(keyId);
    return e != null && now.isBefore(e.retireAt) ? Optional.of(e.key) : Optional.empty();
  }

  /**
   * The only key of the ring, for tokens without {@code kid}; empty if the ring has more than one
   * key.
   */
  public Optional<SigningKey> soleKey(Instant now) {
    Map<String, Entry> map = snapshot.byKid;
    if (map.size() != 1) {
      return Optional.empty();
    }
    Entry e = map.values().iterator().next();
    return now.isBefore(e.retireAt) ? Optional.of(e.key) : Optional.empty();
  }

  /** Ids of the keys currently in the ring (active first is not guaranteed). */
  public List<String> keyIds() {
    return List.copyOf(snapshot.byKid.keySet());
  }

  /**
   * The JWKS ({@code {"keys":[...]}}) of the public halves of the asymmetric, unretired keys; HMAC
   * secrets and private parameters are never included.
   */
  public String publicJwks(Instant now) {
    List<JWK> keys = new ArrayList<>();
    for (Entry e : snapshot.byKid.values()) {
      if (now.isBefore(e.retireAt)) {
        e.key.publicJwk().ifPresent(keys::add);
      }
    }
    JWKSet set = new JWKSet(keys).toPublicJWKSet();
    return set.toString(true);
  }

  /** {@link #publicJwks(Instant)} at the current instant. */
  public String publicJwks() {
    return publicJwks(Instant.now());
  }
}
