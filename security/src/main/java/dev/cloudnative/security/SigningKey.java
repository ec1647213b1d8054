package dev.cloudnative.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.cloudnative.security.internal.Ed25519Keys;
import dev.cloudnative.security.internal.JdkEd25519Signer;
import dev.cloudnative.security.internal.JdkEd25519Verifier;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JWS key bound to one {@link SigningAlgorithm} and a key id ({@code kid}). Holds a private key
 * (can sign and verify) or only a public key (verifies). HS256 secrets must be at least 256 bits
 * and must look like random bytes: a secret made only of printable ASCII is a passphrase and is
 * rejected.
 *
 * <p>Thread-safety: immutable; the nimbus signer and verifier it holds are stateless.
 */
public final class SigningKey {

  private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MIN_RSA_BITS = 2048;

  private final String keyId;
  private final SigningAlgorithm algorithm;
  private final JWK jwk;
  private final JWSSigner signer;
  private final JWSVerifier verifier;

  private SigningKey(String keyId, SigningAlgorithm algorithm, JWK jwk) {
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.jwk = jwk;
    try {
      switch (algorithm) {
        case ES256 -> {
          ECKey ec = jwk.toECKey();
          if (!Curve.P_256.equals(ec.getCurve())) {
            throw new InvalidConfigurationException(
                "ES256 key '" + keyId + "' is on curve " + ec.getCurve() + "; P-256 is required");
          }
          this.signer = ec.isPrivate() ? new ECDSASigner(ec) : null;
          this.verifier = new ECDSAVerifier(ec.toPublicJWK());
        }
        case PS256, RS256 -> {
          RSAKey rsa = jwk.toRSAKey();
          if (rsa.size() < MIN_RSA_BITS) {
            throw new InvalidConfigurationException(
                algorithm
                    + " key '"
                    + keyId
                    + "' has "
                    + rsa.size()
                    + " bits; at least "
                    + MIN_RSA_BITS
                    + " are required");
          }
          this.signer = rsa.isPrivate() ? new RSASSASigner(rsa) : null;
          this.verifier = new RSASSAVerifier(rsa.toPublicJWK());
        }
        case EDDSA -> {
          OctetKeyPair okp = jwk.toOctetKeyPair();
          PublicKey publicKey = Ed25519Keys.publicKey(okp, keyId);
          this.signer =
              okp.isPrivate()
                  ? new JdkEd25519Signer(Ed25519Keys.privateKey(okp, publicKey, keyId))
                  : null;
          this.verifier = new JdkEd25519Verifier(publicKey);
        }
        case HS256 -> {
          OctetSequenceKey oct = jwk.toOctetSequenceKey();
          this.signer = new MACSigner(oct);
          this.verifier = new MACVerifier(oct);
        }
        default ->
            throw new InvalidConfigurationException(
                "Unsupported algorithm "
                    + algorithm
                    + "; allowed "
                    + java.util.Arrays.toString(SigningAlgorithm.values()));
      }
    } catch (JOSEException | IllegalStateException | ClassCastException e) {
      throw new InvalidConfigurationException(
          "Key '" + keyId + "' does not fit algorithm " + algorithm + ": " + e.getMessage(), e);
    }
  }

  /**
   * Generates a fresh key for the algorithm with a random key id (P-256, Ed25519, RSA 2048 or a
   * 256-bit secret).
   */
  public static SigningKey generate(SigningAlgorithm algorithm) {
    return generate(algorithm, randomKeyId());
  }

  /** Generates a fresh key for the algorithm with the given key id. */
  public static SigningKey generate(SigningAlgorithm algorithm, String keyId) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(keyId, "keyId");
    checkKeyId(keyId);
    try {
      JWK jwk =
          switch (algorithm) {
            case ES256 ->
                new ECKeyGenerator(Curve.P_256)
                    .keyID(keyId)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(algorithm.jws())
                    .generate();
            case EDDSA -> Ed25519Keys.generate(keyId, algorithm.jws());
            case PS256, RS256 ->
                new RSAKeyGenerator(MIN_RSA_BITS)
                    .keyID(keyId)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(algorithm.jws())
                    .generate();
            case HS256 -> {
              byte[] secret = new byte[32];
              RANDOM.nextBytes(secret);
              yield octKey(secret, keyId);
            }
          };
      return new SigningKey(keyId, algorithm, jwk);
    } catch (JOSEException e) {
      // The algorithm and key id were checked: what failed is the JDK's key generation.
      throw new SecurityModuleException(
          "Cannot generate a " + algorithm + " key: " + e.getMessage(), e);
    }
  }

  /**
   * An HS256 key from a shared secret.
   *
   * @throws InvalidConfigurationException if the secret is shorter than 256 bits or is printable
   *     text
   */
  public static SigningKey hmac(byte[] secret, String keyId) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(keyId, "keyId");
    checkKeyId(keyId);
    if (secret.length < 32) {
      throw new InvalidConfigurationException(
          "HS256 secret for key '"
              + keyId
              + "' has "
              + secret.length * 8
              + " bits; at least 256 bits of random key material are required");
    }
    boolean printable = true;
    for (byte b : secret) {
      printable &= b >= 0x20 && b < 0x7f;
    }
    if (printable) {
      throw new InvalidConfigurationException(
          "HS256 secret for key '"
              + keyId
              + "' is printable text (a "
              + "passphrase); use 32+ bytes from a SecureRandom, e.g. SigningKey.generate(HS256)");
    }
    return new SigningKey(keyId, SigningAlgorithm.HS256, octKey(secret.clone(), keyId));
  }

  /**
   * A key from its JWK JSON (private or public). The JWK must carry a {@code kid}; if it names an
   * {@code alg} that must equal {@code algorithm}.
   */
  public static SigningKey fromJwk(String jwkJson, SigningAlgorithm algorithm) {
    try {
      return fromJwk(JWK.parse(jwkJson), algorithm);
    } catch (ParseException e) {
      throw new InvalidConfigurationException("Not a valid JWK: " + e.getMessage(), e);
    }
  }

  /** A key from a nimbus JWK; see {@link #fromJwk(String, SigningAlgorithm)}. */
  public static SigningKey fromJwk(JWK jwk, SigningAlgorithm algorithm) {
    Objects.requireNonNull(jwk, "jwk");
    Objects.requireNonNull(algorithm, "algorithm");
    if (jwk.getAlgorithm() != null && !algorithm.jws().equals(jwk.getAlgorithm())) {
      throw new InvalidConfigurationException(
          "JWK '"
              + jwk.getKeyID()
              + "' declares alg "
              + jwk.getAlgorithm()
              + " but is configured for "
              + algorithm);
    }
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      throw new InvalidConfigurationException(
          "JWK '"
              + jwk.getKeyID()
              + "' has use="
              + jwk.getKeyUse()
              + "; only sig keys are accepted");
    }
    if (algorithm == SigningAlgorithm.HS256) {
      return hmac(jwk.toOctetSequenceKey().toByteArray(), jwk.getKeyID());
    }
    checkKeyId(jwk.getKeyID());
    return new SigningKey(jwk.getKeyID(), algorithm, jwk);
  }

  /**
   * A verification key without a key id, for tokens from issuers that send no {@code kid} (such as
   * the RFC 7515 examples). Only usable as the single key of a ring with {@link
   * TokenConfig.Builder#requireKeyId} turned off.
   */
  public static SigningKey withoutKeyId(JWK jwk, SigningAlgorithm algorithm) {
    Objects.requireNonNull(jwk, "jwk");
    if (algorithm == SigningAlgorithm.HS256 && jwk.toOctetSequenceKey().size() < 256) {
      throw new InvalidConfigurationException(
          "HS256 secret has " + jwk.size() + " bits; at least 256 are required");
    }
    return new SigningKey("", algorithm, jwk);
  }

  public String keyId() {
    return keyId;
  }

  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  /** True if this key holds private (or secret) material and can sign. */
  public boolean canSign() {
    return signer != null;
  }

  /** The signer; callers must check {@link #canSign()}. */
  public JWSSigner signer() {
    if (signer == null) {
      throw new InvalidConfigurationException(
          "Key '" + keyId + "' is verification-only and cannot sign");
    }
    return signer;
  }

  /** The verifier, bound to this key's algorithm. */
  public JWSVerifier verifier() {
    return verifier;
  }

  /**
   * The public JWK (with kid, alg and use) for a JWKS, or empty for HMAC secrets, which are never
   * published.
   */
  public Optional<JWK> publicJwk() {
    if (!algorithm.asymmetric()) {
      return Optional.empty();
    }
    JWK pub = jwk.toPublicJWK();
    return Optional.of(
        switch (algorithm) {
          case ES256 ->
              new ECKey.Builder(pub.toECKey())
                  .keyID(keyId)
                  .algorithm(algorithm.jws())
                  .keyUse(KeyUse.SIGNATURE)
                  .build();
          case EDDSA ->
              new OctetKeyPair.Builder(pub.toOctetKeyPair())
                  .keyID(keyId)
                  .algorithm(algorithm.jws())
                  .keyUse(KeyUse.SIGNATURE)
                  .build();
          default ->
              new RSAKey.Builder(pub.toRSAKey())
                  .keyID(keyId)
                  .algorithm(algorithm.jws())
                  .keyUse(KeyUse.SIGNATURE)
                  .build();
        });
  }

  /**
   * The full JWK including private or secret material, for persisting the key in a secret store
   * (and restoring it with {@link #fromJwk}). Never publish it; {@link #publicJwk()} is the
   * publishable half.
   */
  public JWK toJwk() {
    return jwk;
  }

  /** This key without its private part. */
  public SigningKey toVerificationKey() {
    if (!algorithm.asymmetric()) {
      return this;
    }
    return new SigningKey(keyId, algorithm, jwk.toPublicJWK());
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "SigningKey[kid=" + keyId + ", alg=" + algorithm + ", canSign=" + canSign() + "]";
  }

  private static OctetSequenceKey octKey(byte[] secret, String keyId) {
    OctetSequenceKey key =
        new OctetSequenceKey.Builder(Base64URL.encode(secret))
            .keyID(keyId)
            .algorithm(SigningAlgorithm.HS256.jws())
            .keyUse(KeyUse.SIGNATURE)
            .build();
    Arrays.fill(secret, (byte) 0);
    return key;
  }

  private static String randomKeyId() {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    return Base64URL.encode(id).toString();
  }

  private static void checkKeyId(String keyId) {
    if (keyId == null || !KID.matcher(keyId).matches()) {
      throw new InvalidConfigurationException(
          "Key id "
              + (keyId == null ? "null" : "'" + keyId + "'")
              + " must be 1..64 characters of A-Z a-z 0-9 . _ -");
    }
  }
}
