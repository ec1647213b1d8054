package dev.cloudnative.security.jwt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body of at most {@code limit} bytes, cancelling the exchange as soon as the
 * declared or received length exceeds it, so an oversized key set costs at most {@code limit} bytes
 * of memory.
 *
 * <p>Thread-safety: used by one exchange; the HTTP client serializes its callbacks.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

  private final int limit;
  private final OptionalLong declaredLength;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  BoundedBodySubscriber(int limit, OptionalLong declaredLength) {
    this.limit = limit;
    this.declaredLength = declaredLength;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    if (declaredLength.isPresent() && declaredLength.getAsLong() > limit) {
      tooLarge("declares " + declaredLength.getAsLong() + " bytes");
      return;
    }
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if ((long) out.size() + b.remaining() > limit) {
        tooLarge("has more than " + limit + " bytes");
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(out.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  private void tooLarge(String what) {
    subscription.cancel();
    result.completeExceptionally(
        new IOException("JWKS response " + what + "; at most " + limit + " are accepted"));
  }
}
