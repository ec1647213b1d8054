package dev.cloudnative.security.password;

import dev.cloudnative.security.PasswordHashFormatException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Encoding and strict decoding of PHC strings: {@code $id[$v=version]$k=v,k=v$salt$hash} with
 * unpadded standard Base64 for salt and hash. Only the shape is checked here; each hasher checks
 * its parameter ranges.
 */
final class Phc {

  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();
  private static final int MAX_ENCODED_LENGTH = 512;

  /** A decoded PHC string. */
  record Parsed(
      String id, Integer version, Map<String, Integer> params, byte[] salt, byte[] hash) {}

  private Phc() {}

  static String encode(String id, Integer version, String params, byte[] salt, byte[] hash) {
    StringBuilder sb = new StringBuilder(128).append('$').append(id);
    if (version != null) {
      sb.append("$v=").append(version);
    }
    return sb.append('$')
        .append(params)
        .append('$')
        .append(ENCODER.encodeToString(salt))
        .append('$')
        .append(ENCODER.encodeToString(hash))
        .toString();
  }

  static String idOf(String encoded) {
    if (encoded == null || encoded.length() < 2 || encoded.charAt(0) != '$') {
      return "";
    }
    int end = encoded.indexOf('$', 1);
    return end < 0 ? "" : encoded.substring(1, end);
  }

  static Parsed parse(String encoded, boolean versioned) {
    if (encoded == null || encoded.length() > MAX_ENCODED_LENGTH) {
      throw new PasswordHashFormatException(
          "Encoded hash is missing or longer than " + MAX_ENCODED_LENGTH);
    }
    String[] parts = encoded.split("\\$", -1);
    int expected = versioned ? 6 : 5;
    if (parts.length != expected || !parts[0].isEmpty()) {
      throw new PasswordHashFormatException(
          "Encoded hash is not a PHC string with "
              + (expected - 1)
              + " fields (algorithm "
              + idOf(encoded)
              + ")");
    }
    int i = 1;
    String id = parts[i++];
    Integer version = null;
    if (versioned) {
      String v = parts[i++];
      if (!v.startsWith("v=")) {
        throw new PasswordHashFormatException(
            "PHC string for " + id + " lacks its v= version field");
      }
      version = parseInt(v.substring(2), id);
    }
    Map<String, Integer> params = new HashMap<>();
    for (String kv : parts[i++].split(",", -1)) {
      int eq = kv.indexOf('=');
      if (eq <= 0 || params.put(kv.substring(0, eq), parseInt(kv.substring(eq + 1), id)) != null) {
        throw new PasswordHashFormatException("PHC parameters of " + id + " are malformed");
      }
    }
    try {
      byte[] salt = DECODER.decode(parts[i++]);
      byte[] hash = DECODER.decode(parts[i]);
      return new Parsed(id, version, params, salt, hash);
    } catch (IllegalArgumentException e) {
      throw new PasswordHashFormatException("PHC salt or hash of " + id + " is not valid Base64");
    }
  }

  static int require(Parsed parsed, String key) {
    Integer value = parsed.params().get(key);
    if (value == null) {
      throw new PasswordHashFormatException(
          "PHC string for " + parsed.id() + " lacks parameter " + key);
    }
    return value;
  }

  private static int parseInt(String s, String id) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new PasswordHashFormatException(
          "PHC number '" + s + "' of " + id + " is not a decimal integer");
    }
    return Integer.parseInt(s);
  }
}
