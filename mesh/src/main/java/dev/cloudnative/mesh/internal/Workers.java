package dev.cloudnative.mesh.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mesh's worker threads, which run attempts that a per-try timeout may abandon and mirror
 * copies. Most meshes never need one, so the pool starts on first use; after {@link #close()} no
 * pool starts again and {@link #get()} refuses with a {@link MeshClosedException}, which the
 * attempt machinery treats as a refusal, not as the endpoint's failure. Thread-safe: the pool is
 * read through a volatile field and started or closed under a lock.
 */
final class Workers {

  private final Object lock = new Object();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile ExecutorService pool;
  private boolean closed;

  /**
   * @return the running pool, started now when it is the first use
   * @throws MeshClosedException after {@link #close()}
   */
  ExecutorService get() {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (lock) {
        if (closed) {
          throw new MeshClosedException();
        }
        p = pool;
        if (p == null) {
          p =
              Executors.newCachedThreadPool(
                  task -> {
                    Thread t = new Thread(task, "mesh-attempt-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  });
          pool = p;
        }
      }
    }
    return p;
  }

  /** Stops the pool, if one started; tasks already running complete. Idempotent. */
  void close() {
    ExecutorService p;
    synchronized (lock) {
      closed = true;
      p = pool;
      pool = null;
    }
    if (p != null) {
      p.shutdown();
    }
  }
}
