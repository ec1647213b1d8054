package dev.cloudnative.security.password;

import static dev.cloudnative.security.internal.CanonicalBase64.Alphabet.STANDARD;

import dev.cloudnative.security.PasswordHashFormatException;
import dev.cloudnative.security.internal.CanonicalBase64;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encoding and strict decoding of PHC strings: {@code $id[$v=version]$k=v,k=v$salt$hash} with
 * unpadded standard Base64 for salt and hash. Only the canonical spelling is accepted, so that one
 * hash has exactly one string: salt and hash without {@code =} padding and with zero unused bits in
 * their last character, the parameters exactly the algorithm's, in its order ({@code m,t,p} for
 * Argon2id as the reference implementation and Spring Security write them), and numbers in plain
 * decimal without leading zeros. Each hasher checks its parameter ranges.
 *
 * <p>Thread-safety: stateless, therefore thread-safe.
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

  /**
   * Parses a PHC string whose parameters must be exactly {@code paramNames}, in that order.
   *
   * @throws PasswordHashFormatException if the string is not the canonical PHC form
   */
  static Parsed parse(String encoded, boolean versioned, List<String> paramNames) {
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
    String[] pairs = parts[i++].split(",", -1);
    if (pairs.length != paramNames.size()) {
      throw new PasswordHashFormatException(
          "PHC parameters of " + id + " must be exactly " + String.join(",", paramNames));
    }
    Map<String, Integer> params = new LinkedHashMap<>();
    for (int k = 0; k < pairs.length; k++) {
      String kv = pairs[k];
      int eq = kv.indexOf('=');
      // Exactly the algorithm's names in its order: this also rules out duplicates.
      if (eq <= 0 || !kv.substring(0, eq).equals(paramNames.get(k))) {
        throw new PasswordHashFormatException(
            "PHC parameters of "
                + id
                + " must be exactly "
                + String.join(",", paramNames)
                + " in this order");
      }
      params.put(paramNames.get(k), parseInt(kv.substring(eq + 1), id));
    }
    String salt = parts[i++];
    String hash = parts[i];
    if (salt.isEmpty()
        || hash.isEmpty()
        || !CanonicalBase64.isCanonical(salt, STANDARD)
        || !CanonicalBase64.isCanonical(hash, STANDARD)) {
      throw new PasswordHashFormatException(
          "PHC salt or hash of "
              + id
              + " is not canonical unpadded Base64 (no '=', only A-Z a-z 0-9 + /, zero unused"
              + " bits in the last character)");
    }
    return new Parsed(id, version, Map.copyOf(params), DECODER.decode(salt), DECODER.decode(hash));
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
    if (s.isEmpty()
        || s.length() > 9
        || !s.chars().allMatch(c -> c >= '0' && c <= '9')
        || (s.length() > 1 && s.charAt(0) == '0')) {
      throw new PasswordHashFormatException(
          "PHC number '"
              + s
              + "' of "
              + id
              + " is not a decimal integer in canonical form (digits, no leading zeros)");
    }
    return Integer.parseInt(s);
  }
}
