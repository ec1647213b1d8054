package dev.cloudnative.security.internal;

import com.nimbusds.jose.util.Base64URL;
import dev.cloudnative.security.SecurityModuleException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code ath} value of RFC 9449 §4.2: base64url(SHA-256(ASCII(access token))). Shared by the
 * proof maker and the verifier so that both compute it one way.
 *
 * <p>Thread-safety: stateless, therefore thread-safe.
 */
public final class DpopHashes {

  private DpopHashes() {}

  /** The {@code ath} of {@code accessToken}. */
  public static String accessTokenHash(String accessToken) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      return Base64URL.encode(digest).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new SecurityModuleException("SHA-256 is unavailable in this JDK", e);
    }
  }
}
