package dev.cloudnative.security.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import dev.cloudnative.security.InvalidConfigurationException;
import dev.cloudnative.security.SecurityModuleException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 key material between its JWK form (RFC 8037: {@code kty=OKP}, {@code crv=Ed25519}, raw
 * 32-byte {@code x} and {@code d}) and the JDK's own Ed25519 keys. nimbus turns OKP keys into Java
 * keys only through Google Tink, which the SDK does not depend on; Java 17 has Ed25519 natively
 * (JEP 339), so nimbus's {@link OctetKeyPair} is used only for the JSON.
 *
 * <p>Thread-safety: stateless, therefore thread-safe.
 */
public final class Ed25519Keys {

  /** JDK algorithm name of the Ed25519 signature and key pair generator. */
  static final String JDK_NAME = "Ed25519";

  private static final int KEY_BYTES = 32;

  /**
   * The fixed DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410 §4: SEQUENCE,
   * AlgorithmIdentifier 1.3.101.112, BIT STRING of 33 bytes with no unused bits); the raw key
   * follows.
   */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static final byte[] PAIR_CHECK =
      "cloudnative Ed25519 key pair check".getBytes(StandardCharsets.US_ASCII);

  private Ed25519Keys() {}

  /** A fresh key pair as a private JWK with {@code kid}, {@code alg} and {@code use=sig}. */
  public static OctetKeyPair generate(String keyId, JWSAlgorithm algorithm) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(JDK_NAME).generateKeyPair();
      byte[] spki = pair.getPublic().getEncoded();
      byte[] x = Arrays.copyOfRange(spki, spki.length - KEY_BYTES, spki.length);
      byte[] d =
          ((EdECPrivateKey) pair.getPrivate())
              .getBytes()
              .orElseThrow(() -> new SecurityModuleException("JDK Ed25519 key has no raw bytes"));
      try {
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
            .d(Base64URL.encode(d))
            .keyID(keyId)
            .algorithm(algorithm)
            .keyUse(KeyUse.SIGNATURE)
            .build();
      } finally {
        Arrays.fill(d, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new SecurityModuleException("Cannot generate an Ed25519 key: " + e.getMessage(), e);
    }
  }

  /**
   * The JDK public key of an Ed25519 JWK.
   *
   * @throws InvalidConfigurationException if the JWK is not on Ed25519 or {@code x} is not 32 bytes
   */
  public static PublicKey publicKey(OctetKeyPair jwk, String keyId) {
    checkCurve(jwk, keyId);
    byte[] x = jwk.getDecodedX();
    checkLength(x, "x", keyId);
    byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_BYTES);
    System.arraycopy(x, 0, spki, SPKI_PREFIX.length, KEY_BYTES);
    try {
      return KeyFactory.getInstance(JDK_NAME).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new InvalidConfigurationException(
          "Ed25519 key '" + keyId + "' has an invalid public key x: " + e.getMessage(), e);
    }
  }

  /**
   * The JDK private key of a private Ed25519 JWK, checked against its public half: a JWK whose
   * {@code d} and {@code x} do not belong together would sign tokens that its own JWKS refuses.
   *
   * @throws InvalidConfigurationException if {@code d} is not 32 bytes or does not match {@code x}
   */
  public static PrivateKey privateKey(OctetKeyPair jwk, PublicKey publicKey, String keyId) {
    checkCurve(jwk, keyId);
    byte[] d = jwk.getDecodedD();
    try {
      checkLength(d, "d", keyId);
      PrivateKey key =
          KeyFactory.getInstance(JDK_NAME)
              .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, d));
      Signature signer = Signature.getInstance(JDK_NAME);
      signer.initSign(key);
      signer.update(PAIR_CHECK);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(JDK_NAME);
      verifier.initVerify(publicKey);
      verifier.update(PAIR_CHECK);
      if (!verifier.verify(signature)) {
        throw new InvalidConfigurationException(
            "Ed25519 key '" + keyId + "': private key d does not belong to public key x");
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw new InvalidConfigurationException(
          "Ed25519 key '" + keyId + "' has an invalid private key d: " + e.getMessage(), e);
    } finally {
      Arrays.fill(d, (byte) 0);
    }
  }

  private static void checkCurve(OctetKeyPair jwk, String keyId) {
    if (!Curve.Ed25519.equals(jwk.getCurve())) {
      throw new InvalidConfigurationException(
          "EdDSA key '" + keyId + "' is on curve " + jwk.getCurve() + "; Ed25519 is required");
    }
  }

  private static void checkLength(byte[] raw, String name, String keyId) {
    if (raw.length != KEY_BYTES) {
      throw new InvalidConfigurationException(
          "Ed25519 key '"
              + keyId
              + "' has a "
              + raw.length
              + "-byte "
              + name
              + "; exactly "
              + KEY_BYTES
              + " are required");
    }
  }
}
