package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.PipelineListener;
import java.util.List;

/**
 * Delivers events to the run's listeners, isolating the run from a listener that throws.
 * Thread-safe.
 */
final class Emitter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Emitter.class);
  private final List<PipelineListener> listeners;
  private final java.util.Set<PipelineListener> failed =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  Emitter(List<PipelineListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }

  void emit(PipelineEvent event) {
    for (PipelineListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (
          Throwable
              e) { // NOPMD: a listener's AssertionError must not kill a drain thread and stall the
        // pipe
        // the first failure with its stack trace; a listener failing on every output line would
        // otherwise flood the log
        if (failed.add(l)) {
          LOG.warn(
              "pipeline listener {} failed on {} (later failures of it are logged at debug)",
              l,
              event.getClass().getSimpleName(),
              e);
        } else {
          LOG.debug("pipeline listener {} failed on {}", l, event.getClass().getSimpleName(), e);
        }
      }
    }
  }
}
