package dev.cloudnative.docker.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ResponseItem;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a pull/push progress stream and remembers the first error item. docker-java's own
 * {@code PullImageResultCallback} throws a NullPointerException on error items, so this one never looks at fields
 * that error items lack.
 *
 * <p>Written by the docker-java callback thread, read after {@code awaitCompletion}; fields are volatile.
 */
class ProgressCallback<T extends ResponseItem> extends ResultCallback.Adapter<T> {
  private volatile String error;
  private final List<String> statuses = java.util.Collections.synchronizedList(new ArrayList<>());

  // getError() is deprecated in favour of errorDetail, but Podman can send only the plain "error" field.
  @SuppressWarnings("deprecation")
  @Override
  public void onNext(T item) {
    if (item == null) {
      return;
    }
    if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
      if (error == null) {
        error = item.getErrorDetail().getMessage();
      }
    } else if (item.getError() != null && error == null) {
      error = item.getError();
    }
    if (item.getStatus() != null && statuses.size() < 200) {
      statuses.add(item.getStatus());
    }
  }

  private volatile Throwable failure;

  /** Keeps the failure for the caller instead of the template's error log; the caller maps and throws it. */
  @Override
  public void onError(Throwable throwable) {
    failure = throwable;
    try {
      close();
    } catch (java.io.IOException e) {
      throwable.addSuppressed(e);
    }
  }

  Throwable failure() {
    return failure;
  }

  String error() {
    return error;
  }

  List<String> statuses() {
    synchronized (statuses) {
      return List.copyOf(statuses);
    }
  }
}
