package dev.cloudnative.security.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;
import java.util.Set;

/**
 * A nimbus {@link JWSSigner} for {@code alg=EdDSA} with Ed25519 (RFC 8037 §3.1) over the JDK's
 * {@code Signature.getInstance("Ed25519")}, so that EdDSA needs no Google Tink (which nimbus's own
 * Ed25519 signer requires). Ed25519 is deterministic: no randomness is involved.
 *
 * <p>Thread-safety: thread-safe; a JDK {@link Signature} is stateful, so one is made per call.
 */
public final class JdkEd25519Signer implements JWSSigner {

  private final PrivateKey privateKey;
  private final JCAContext jca = new JCAContext();

  /** A signer with the given JDK Ed25519 private key (see {@link Ed25519Keys#privateKey}). */
  public JdkEd25519Signer(PrivateKey privateKey) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
  }

  @Override
  public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      throw new JOSEException(
          "Ed25519 signer asked for alg " + header.getAlgorithm() + "; only EdDSA is supported");
    }
    try {
      Signature signature = Signature.getInstance(Ed25519Keys.JDK_NAME);
      signature.initSign(privateKey);
      signature.update(signingInput);
      return Base64URL.encode(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
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
