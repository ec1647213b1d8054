package dev.cloudnative.docker.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogStream;
import java.util.function.Consumer;

/**
 * Receives log/exec frames and hands complete lines to a sink; flushes a trailing partial line at
 * the end.
 *
 * <p>docker-java calls {@link #onNext} from one thread per stream; close may come from any thread.
 */
class FrameCallback extends ResultCallback.Adapter<Frame> {
  private final LineAssembler lines;
  private volatile boolean closedByUs;
  // Own end latch: the template's awaitCompletion(timeout) closes the stream when it times out,
  // which would turn
  // "is it over yet?" into "stop it now".
  private final java.util.concurrent.CountDownLatch ended =
      new java.util.concurrent.CountDownLatch(1);

  private final boolean flushAtEnd;
  private volatile Runnable onNaturalEnd = () -> {};

  FrameCallback(Consumer<LogLine> sink) {
    this(sink, true);
  }

  /**
   * @param flushAtEnd whether an unterminated last line is emitted at the end; a snapshot of a
   *     running container leaves it out, because the rest of that line has not been written yet
   */
  FrameCallback(Consumer<LogLine> sink, boolean flushAtEnd) {
    this.lines = new LineAssembler(sink);
    this.flushAtEnd = flushAtEnd;
  }

  @Override
  public void onNext(Frame frame) {
    if (closedByUs) {
      return;
    }
    LogStream stream =
        frame.getStreamType() == StreamType.STDERR ? LogStream.STDERR : LogStream.STDOUT;
    lines.accept(stream, frame.getPayload());
  }

  @Override
  public void onComplete() {
    try {
      if (!closedByUs && flushAtEnd) {
        lines.flush();
      }
      if (!closedByUs) {
        onNaturalEnd.run();
      }
      super.onComplete();
    } finally {
      ended.countDown();
    }
  }

  @Override
  public void onError(Throwable throwable) {
    try {
      super.onError(throwable);
    } finally {
      ended.countDown();
    }
  }

  /**
   * Runs on the stream thread when the engine ends the stream (not on cancel), before the end is
   * signalled.
   */
  void onNaturalEnd(Runnable action) {
    this.onNaturalEnd = action;
  }

  /** Waits for the stream's end without closing it on timeout. */
  boolean awaitEnd(java.time.Duration timeout) throws InterruptedException {
    return ended.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Stops delivery before closing, so nothing reaches the sink after close() returns. */
  void cancel() {
    closedByUs = true;
    ended.countDown();
    try {
      close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
