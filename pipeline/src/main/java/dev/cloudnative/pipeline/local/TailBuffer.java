package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.OutputLine;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} lines of a step, both channels in arrival order, in a ring so a step
 * printing millions of lines costs constant memory. Thread-safe (both drain threads write to it).
 */
final class TailBuffer {
  private final OutputLine[] ring;
  private long written;

  TailBuffer(int capacity) {
    this.ring = new OutputLine[capacity];
  }

  synchronized void add(OutputLine line) {
    if (ring.length == 0) {
      written++;
      return;
    }
    ring[(int) (written % ring.length)] = line;
    written++;
  }

  synchronized long written() {
    return written;
  }

  synchronized List<OutputLine> snapshot() {
    int n = (int) Math.min(written, ring.length);
    List<OutputLine> out = new ArrayList<>(n);
    for (long i = written - n; i < written; i++) {
      out.add(ring[(int) (i % ring.length)]);
    }
    return out;
  }
}
