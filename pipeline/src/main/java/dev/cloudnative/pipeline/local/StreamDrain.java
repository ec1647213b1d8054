package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.OutputChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Reads one output pipe of a process line by line on its own daemon thread, so stdout and stderr
 * are drained concurrently and a full 64 KB pipe buffer can never block the child. Waiting for the
 * end is bounded: a background process that inherited the pipe may keep it open long after the step
 * ended. Thread-safe.
 */
final class StreamDrain {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamDrain.class);

  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread thread;
  private volatile IOException failure;

  StreamDrain(
      String threadName,
      InputStream in,
      Charset charset,
      OutputChannel channel,
      BiConsumer<OutputChannel, String> sink) {
    this.thread = new Thread(() -> drain(in, charset, channel, sink), threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void drain(
      InputStream in,
      Charset charset,
      OutputChannel channel,
      BiConsumer<OutputChannel, String> sink) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset), 1 << 16)) {
      String line;
      while ((line = reader.readLine()) != null) {
        sink.accept(channel, line);
      }
    } catch (IOException e) {
      // "Stream closed" after the step was abandoned is expected; anything else is kept for the
      // caller
      failure = e;
      LOG.debug("output pipe {} ended with {}", channel, e.toString());
    } finally {
      done.countDown();
    }
  }

  /** Waits up to {@code millis} for the pipe to reach end of file; true if it did. */
  boolean await(long millis) throws InterruptedException {
    return done.await(millis, TimeUnit.MILLISECONDS);
  }

  IOException failure() {
    return failure;
  }
}
