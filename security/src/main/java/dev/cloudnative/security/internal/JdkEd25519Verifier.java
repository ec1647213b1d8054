package dev.cloudnative.security.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Objects;
import java.util.Set;

/**
 * A nimbus {@link JWSVerifier} for {@code alg=EdDSA} with Ed25519 (RFC 8037 §3.1) over the JDK's
 * {@code Signature.getInstance("Ed25519")} (see {@link JdkEd25519Signer} for why not nimbus's own).
 * It accepts only {@code alg=EdDSA} and only 64-byte signatures; the JDK's Ed25519 verifies as RFC
 * 8032 §5.1.7 says, including the {@code S < L} check that rules out malleable signatures.
 *
 * <p>Thread-safety: thread-safe; a JDK {@link Signature} is stateful, so one is made per call.
 */
public final class JdkEd25519Verifier implements JWSVerifier {

  private static final int SIGNATURE_BYTES = 64;

  private final PublicKey publicKey;
  private final JCAContext jca = new JCAContext();

  /** A verifier with the given JDK Ed25519 public key (see {@link Ed25519Keys#publicKey}). */
  public JdkEd25519Verifier(PublicKey publicKey) {
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signedContent, Base64URL signature)
      throws JOSEException {
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      return false;
    }
    byte[] sig = signature.decode();
    if (sig.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(Ed25519Keys.JDK_NAME);
      verifier.initVerify(publicKey);
      verifier.update(signedContent);
      return verifier.verify(sig);
    } catch (SignatureException e) {
      // A signature the JDK cannot even decode (e.g. a point not on the curve) is a bad one.
      return false;
    } catch (GeneralSecurityException e) {
      throw new JOSEException("Ed25519 verification failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  /** Not used: the JDK's default provider is always the one asked for Ed25519. */
  @Override
  public JCAContext getJCAContext() {
    return jca;
  }
}
