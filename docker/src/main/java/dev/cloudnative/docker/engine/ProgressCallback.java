package dev.cloudnative.docker.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ResponseItem;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a pull/push progress stream, logs its layer progress at INFO (see {@link
 * TransferProgress}) and remembers the first error item. docker-java's own {@code
 * PullImageResultCallback} throws a NullPointerException on error items, so this one never looks at
 * fields that error items lack.
 *
 * <p>Written by the docker-java callback thread, read after {@code awaitCompletion}; fields are
 * volatile and the progress tracker is only touched by the callback thread until the stream
 * completed.
 */
class ProgressCallback<T extends ResponseItem> extends ResultCallback.Adapter<T> {
  // Logged under the engine's name: that is the logger a user turns on to follow the engine.
  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
  private final TransferProgress progress;
  private volatile String error;
  private final List<String> statuses = java.util.Collections.synchronizedList(new ArrayList<>());

  // getError() is deprecated in favour of errorDetail, but Podman can send only the plain "error"
  // field.
  ProgressCallback(TransferProgress progress) {
    this.progress = progress;
  }

  @SuppressWarnings("deprecation")
  @Override
  public void onNext(T item) {
    if (item == null) {
      return;
    }
    for (String line : progress.accept(item)) {
      LOG.info(line);
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

  /**
   * Keeps the failure for the caller instead of the template's error log; the caller maps and
   * throws it.
   */
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

  TransferProgress progress() {
    return progress;
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
