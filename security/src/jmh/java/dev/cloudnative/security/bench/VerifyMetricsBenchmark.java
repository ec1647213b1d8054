package dev.cloudnative.security.bench;

import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.RefreshTokenStore;
import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.security.SigningAlgorithm;
import dev.cloudnative.security.SigningKey;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenService;
import dev.cloudnative.security.VerificationResult;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
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
 * What the verification counters cost: the same verifier without a registry (the no-op default,
 * which holds no meters) and with a real {@link PrometheusMeterRegistry}, side by side in one run.
 * {@code valid} is a full HS256 verification (the cheapest signature, so the counter's share is the
 * largest); {@code malformed} is the cheapest rejection (a token of two segments), where a per-call
 * lookup or allocation would show most: with {@code -prof gc} its two rows must allocate the same
 * bytes per operation, since the counters are resolved once and read from an array. ({@code valid}
 * allocates ~14 KB per operation in nimbus's parsing, which moves by a few bytes from one JIT run
 * to the next with either registry.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VerifyMetricsBenchmark {

  @Param({"noop", "prometheus"})
  public String registry;

  private TokenService service;
  private String token;

  @Setup
  public void setUp() {
    Clock clock = Clock.systemUTC();
    TokenConfig.Builder config =
        TokenConfig.custom()
            .issuer("https://auth.example.com")
            .audience("orders-api")
            .accessTokenTtl(Duration.ofHours(1))
            .clock(clock);
    if (registry.equals("prometheus")) {
      config.meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    } else if (!registry.equals("noop")) {
      throw new IllegalArgumentException("registry '" + registry + "'; allowed: noop, prometheus");
    }
    service =
        TokenService.create(
            config.build(),
            KeyRing.of(SigningKey.generate(SigningAlgorithm.HS256, "bench-1")),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    token = service.issue("alice", Set.of("editor"), Set.of("orders:read")).value();
    if (!valid().isValid() || malformed().isValid()) {
      throw new IllegalStateException("benchmark tokens do not verify as intended");
    }
  }

  @Benchmark
  public VerificationResult valid() {
    return service.verify(token);
  }

  @Benchmark
  public VerificationResult malformed() {
    return service.verify("eyJhbGciOiJIUzI1NiJ9.e30");
  }
}
