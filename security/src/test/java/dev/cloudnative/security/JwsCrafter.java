package dev.cloudnative.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;

/** Builds compact JWS strings from raw header and payload JSON, the way an attacker would. */
final class JwsCrafter {

  private JwsCrafter() {}

  static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Signs {@code b64(header).b64(payload)} with {@code signer} as algorithm {@code alg}. */
  static String signed(String headerJson, String payloadJson, JWSSigner signer, JWSAlgorithm alg) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      Base64URL sig = signer.sign(new JWSHeader(alg), input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + sig;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String unsigned(String headerJson, String payloadJson, String signature) {
    return b64(headerJson) + "." + b64(payloadJson) + "." + signature;
  }

  /** A payload with every default-required claim, valid around {@code nowEpochSeconds}. */
  static String payload(String iss, String aud, long nowEpochSeconds) {
    return "{\"iss\":\""
        + iss
        + "\",\"sub\":\"alice\",\"aud\":\""
        + aud
        + "\",\"exp\":"
        + (nowEpochSeconds + 300)
        + ",\"nbf\":"
        + nowEpochSeconds
        + ",\"iat\":"
        + nowEpochSeconds
        + ",\"jti\":\"j-"
        + nowEpochSeconds
        + "\",\"roles\":[\"viewer\"]}";
  }
}
