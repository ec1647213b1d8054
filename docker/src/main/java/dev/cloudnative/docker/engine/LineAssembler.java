package dev.cloudnative.docker.engine;

import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns the engine's multiplexed frames (arbitrary chunks, not lines) into complete lines per
 * stream. Bytes are buffered per stream until a newline, so a line split across frames is emitted
 * once, whole, in order, and UTF-8 sequences are never cut.
 *
 * <p>Not thread-safe: fed by the single callback thread of one stream.
 */
final class LineAssembler {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
  private final ByteArrayOutputStream err = new ByteArrayOutputStream(256);
  private final Consumer<LogLine> sink;

  LineAssembler(Consumer<LogLine> sink) {
    this.sink = sink;
  }

  void accept(LogStream stream, byte[] payload) {
    ByteArrayOutputStream buf = stream == LogStream.STDERR ? err : out;
    int start = 0;
    for (int i = 0; i < payload.length; i++) {
      if (payload[i] == '\n') {
        if (buf.size() == 0) {
          // Common case, the whole line is inside this frame: decode straight from the frame, no
          // buffer copy.
          int end = i > start && payload[i - 1] == '\r' ? i - 1 : i;
          sink.accept(
              new LogLine(stream, new String(payload, start, end - start, StandardCharsets.UTF_8)));
        } else {
          buf.write(payload, start, i - start);
          emit(stream, buf);
        }
        start = i + 1;
      }
    }
    buf.write(payload, start, payload.length - start);
  }

  /** Emits unterminated trailing text (the container's last line without a newline). */
  void flush() {
    if (out.size() > 0) {
      emit(LogStream.STDOUT, out);
    }
    if (err.size() > 0) {
      emit(LogStream.STDERR, err);
    }
  }

  private void emit(LogStream stream, ByteArrayOutputStream buf) {
    String text = buf.toString(StandardCharsets.UTF_8);
    buf.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    sink.accept(new LogLine(stream, text));
  }
}
