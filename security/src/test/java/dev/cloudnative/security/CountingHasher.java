package dev.cloudnative.security;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a hasher and counts verifications, to prove every login path does the same hashing work.
 */
final class CountingHasher implements PasswordHasher {

  final AtomicInteger verifications = new AtomicInteger();
  private final PasswordHasher delegate;

  CountingHasher(PasswordHasher delegate) {
    this.delegate = delegate;
  }

  @Override
  public String algorithm() {
    return delegate.algorithm();
  }

  @Override
  public String hash(char[] password) {
    return delegate.hash(password);
  }

  @Override
  public boolean verify(char[] password, String encodedHash) {
    verifications.incrementAndGet();
    return delegate.verify(password, encodedHash);
  }

  @Override
  public boolean supports(String encodedHash) {
    return delegate.supports(encodedHash);
  }

  @Override
  public boolean needsRehash(String encodedHash) {
    return delegate.needsRehash(encodedHash);
  }
}
