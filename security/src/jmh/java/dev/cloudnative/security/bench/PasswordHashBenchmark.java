package dev.cloudnative.security.bench;

import dev.cloudnative.security.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Password hash and verify per algorithm at the default (OWASP floor) parameters, single-threaded:
 * the target is 50 ms .. 1 s per operation on one core, slow enough to hurt offline guessing, fast
 * enough for logins.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PasswordHashBenchmark {

  public enum Algorithm {
    ARGON2ID,
    PBKDF2_SHA256
  }

  @Param({"ARGON2ID", "PBKDF2_SHA256"})
  public Algorithm algorithm;

  private PasswordHasher hasher;
  private String stored;
  private final char[] password = "correct horse battery staple".toCharArray();

  @Setup
  public void setUp() {
    hasher = algorithm == Algorithm.ARGON2ID ? PasswordHasher.argon2id() : PasswordHasher.pbkdf2();
    stored = hasher.hash(password);
  }

  @Benchmark
  public String hash() {
    return hasher.hash(password);
  }

  @Benchmark
  public boolean verify() {
    return hasher.verify(password, stored);
  }
}
