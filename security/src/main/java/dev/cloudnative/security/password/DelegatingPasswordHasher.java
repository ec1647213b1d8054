package dev.cloudnative.security.password;

import dev.cloudnative.security.PasswordHashFormatException;
import dev.cloudnative.security.PasswordHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hashes with a preferred hasher and verifies with whichever hasher recognises the encoded hash's
 * algorithm identifier; {@link #needsRehash} is true for every hash not made by the preferred one
 * at its parameters, so that logins migrate stored hashes one at a time.
 *
 * <p>Thread-safety: immutable if the delegates are.
 */
public final class DelegatingPasswordHasher implements PasswordHasher {

  private final PasswordHasher preferred;
  private final List<PasswordHasher> all;

  public DelegatingPasswordHasher(PasswordHasher preferred, List<PasswordHasher> legacy) {
    this.preferred = Objects.requireNonNull(preferred, "preferred");
    List<PasswordHasher> list = new ArrayList<>();
    list.add(preferred);
    list.addAll(legacy);
    this.all = List.copyOf(list);
  }

  @Override
  public String algorithm() {
    return preferred.algorithm();
  }

  @Override
  public String hash(char[] password) {
    return preferred.hash(password);
  }

  @Override
  public boolean verify(char[] password, String encodedHash) {
    return delegateFor(encodedHash).verify(password, encodedHash);
  }

  @Override
  public boolean supports(String encodedHash) {
    return all.stream().anyMatch(h -> h.supports(encodedHash));
  }

  @Override
  public boolean needsRehash(String encodedHash) {
    return !preferred.supports(encodedHash) || preferred.needsRehash(encodedHash);
  }

  private PasswordHasher delegateFor(String encodedHash) {
    for (PasswordHasher h : all) {
      if (h.supports(encodedHash)) {
        return h;
      }
    }
    throw new PasswordHashFormatException(
        "No configured hasher handles algorithm '"
            + Phc.idOf(encodedHash)
            + "'; configured: "
            + all.stream().map(PasswordHasher::algorithm).toList());
  }
}
