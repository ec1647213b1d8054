package dev.cloudnative.kubernetes.fabric8;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns the byte stream of a followed log into UTF-8 lines without terminators ({@code \n} or
 * {@code \r\n}). Bytes are buffered until a newline so multi-byte characters split across writes
 * decode correctly. Thread-safe: the log pump writes while the watch's close callback may flush
 * from another thread.
 */
final class LineSplittingOutputStream extends OutputStream {
  private final Consumer<String> lines;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  LineSplittingOutputStream(Consumer<String> lines) {
    this.lines = lines;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else {
      pending.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        pending.write(b, start, i - start);
        emit();
        start = i + 1;
      }
    }
    pending.write(b, start, off + len - start);
  }

  private void emit() {
    String line = pending.toString(StandardCharsets.UTF_8);
    pending.reset();
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    lines.accept(line);
  }

  /** Delivers a final unterminated line, if any. */
  @Override
  public synchronized void close() {
    if (pending.size() > 0) {
      emit();
    }
  }
}
