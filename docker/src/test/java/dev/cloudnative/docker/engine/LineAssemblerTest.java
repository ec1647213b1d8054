package dev.cloudnative.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {
  @Test
  void joinsLinesSplitAcrossFramesPerStreamAndKeepsMultibyteCharacters() {
    List<LogLine> out = new ArrayList<>();
    LineAssembler a = new LineAssembler(out::add);
    byte[] euro = "€uro\r\n".getBytes(StandardCharsets.UTF_8);
    a.accept(LogStream.STDOUT, "one\ntw".getBytes(StandardCharsets.UTF_8));
    a.accept(LogStream.STDERR, "err-a".getBytes(StandardCharsets.UTF_8));
    a.accept(LogStream.STDOUT, new byte[] {'o', '\n', euro[0]});
    a.accept(LogStream.STDOUT, java.util.Arrays.copyOfRange(euro, 1, euro.length));
    a.accept(LogStream.STDERR, "\n".getBytes(StandardCharsets.UTF_8));
    a.accept(LogStream.STDOUT, "tail-without-newline".getBytes(StandardCharsets.UTF_8));
    a.flush();
    assertThat(out)
        .containsExactly(
            new LogLine(LogStream.STDOUT, "one"),
            new LogLine(LogStream.STDOUT, "two"),
            new LogLine(LogStream.STDOUT, "€uro"),
            new LogLine(LogStream.STDERR, "err-a"),
            new LogLine(LogStream.STDOUT, "tail-without-newline"));
  }
}
