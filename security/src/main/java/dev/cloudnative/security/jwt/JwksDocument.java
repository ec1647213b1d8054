package dev.cloudnative.security.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import dev.cloudnative.security.InvalidConfigurationException;
import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.SigningAlgorithm;
import dev.cloudnative.security.SigningKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a fetched JWKS document into a verification-only {@link KeyRing}. A remote set is another
 * party's document, so unusable entries are skipped rather than failing the set: encryption keys,
 * secrets ({@code oct}: a published secret is no secret), keys without {@code kid} or without an
 * {@code alg} among {@link SigningAlgorithm} (each key verifies with exactly the one algorithm it
 * declares). A document that is not UTF-8 JSON, has more keys than allowed, repeats a {@code kid}
 * or has no usable key at all is refused as a whole.
 *
 * <p>Thread-safety: stateless.
 */
final class JwksDocument {

  /** A parsed set and what was skipped (for the log). */
  record Parsed(KeyRing keys, List<String> skipped) {}

  private JwksDocument() {}

  static Parsed parse(byte[] body, int maxKeys) throws IOException {
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IOException("JWKS document is not UTF-8", e);
    }
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException | RuntimeException e) {
      throw new IOException(
          "not a valid JWKS document: " + JwtTokenVerifier.sanitize(e.getMessage()), e);
    }
    List<JWK> all = set.getKeys();
    if (all.size() > maxKeys) {
      throw new IOException(
          "JWKS document has " + all.size() + " keys; at most " + maxKeys + " are accepted");
    }
    List<SigningKey> keys = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (JWK jwk : all) {
      String kid = jwk.getKeyID();
      String name = kid == null ? "(no kid)" : "'" + JwtTokenVerifier.sanitize(kid) + "'";
      if (kid == null) {
        skipped.add(name + ": no kid");
      } else if (KeyType.OCT.equals(jwk.getKeyType())) {
        skipped.add(name + ": symmetric secret");
      } else if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        skipped.add(name + ": use is not sig");
      } else {
        Optional<SigningAlgorithm> alg =
            jwk.getAlgorithm() == null
                ? Optional.empty()
                : SigningAlgorithm.fromJwsName(jwk.getAlgorithm().getName());
        if (alg.isEmpty()) {
          skipped.add(name + ": alg " + jwk.getAlgorithm() + " is not one of this verifier's");
          continue;
        }
        try {
          keys.add(SigningKey.fromJwk(jwk.toPublicJWK(), alg.get()).toVerificationKey());
        } catch (InvalidConfigurationException | IllegalStateException e) {
          skipped.add(name + ": " + JwtTokenVerifier.sanitize(e.getMessage()));
        }
      }
    }
    if (keys.isEmpty()) {
      throw new IOException("JWKS document has no usable signing key; skipped " + skipped);
    }
    try {
      return new Parsed(KeyRing.verificationOnly(keys), List.copyOf(skipped));
    } catch (InvalidConfigurationException e) {
      throw new IOException("JWKS document refused: " + e.getMessage(), e);
    }
  }
}
