package dev.cloudnative.core.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link LoopbackOnly} before the first test of the JVM runs (registered through {@code
 * META-INF/services}), so the whole suite runs with connections beyond loopback refused; {@code
 * LoopbackAuditTest}, ordered last, asserts that nothing tried.
 *
 * <p>Thread-safe: JUnit calls it once per session.
 */
public final class LoopbackGuardListener implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    LoopbackOnly.install();
  }
}
