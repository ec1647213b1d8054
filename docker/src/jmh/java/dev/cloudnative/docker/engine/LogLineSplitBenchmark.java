package dev.cloudnative.docker.engine;

import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Turning engine frames (arbitrary chunks) into lines: the module's byte-level {@link
 * LineAssembler} against the obvious decode-concatenate-split approach. Input: 1 MiB of {@code seq}
 * output cut into 16 KiB frames, so most frames end mid-line. Score is one pass over the whole MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogLineSplitBenchmark {
  /** The competitors. */
  public enum Impl {
    LINE_ASSEMBLER,
    STRING_SPLIT
  }

  /** What each competitor offers: frames in, lines out. */
  interface Splitter {
    void accept(byte[] frame);

    void end();
  }

  @Param Impl impl;

  List<byte[]> frames;

  @Setup
  public void setUp() {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; sb.length() < 1 << 20; i++) {
      sb.append(i).append('\n');
    }
    byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
    frames = new ArrayList<>();
    for (int off = 0; off < all.length; off += 16 * 1024) {
      frames.add(java.util.Arrays.copyOfRange(all, off, Math.min(all.length, off + 16 * 1024)));
    }
  }

  static Splitter create(Impl impl, Consumer<LogLine> sink) {
    return switch (impl) {
      case LINE_ASSEMBLER ->
          new Splitter() {
            final LineAssembler a = new LineAssembler(sink);

            @Override
            public void accept(byte[] frame) {
              a.accept(LogStream.STDOUT, frame);
            }

            @Override
            public void end() {
              a.flush();
            }
          };
      case STRING_SPLIT ->
          new Splitter() {
            String rest = "";

            @Override
            public void accept(byte[] frame) {
              String text = rest + new String(frame, StandardCharsets.UTF_8);
              String[] parts = text.split("\n", -1);
              for (int i = 0; i < parts.length - 1; i++) {
                sink.accept(new LogLine(LogStream.STDOUT, parts[i]));
              }
              rest = parts[parts.length - 1];
            }

            @Override
            public void end() {
              if (!rest.isEmpty()) {
                sink.accept(new LogLine(LogStream.STDOUT, rest));
              }
            }
          };
    };
  }

  @Benchmark
  public void splitOneMebibyte(Blackhole bh) {
    Splitter s = create(impl, bh::consume);
    for (byte[] f : frames) {
      s.accept(f);
    }
    s.end();
  }
}
