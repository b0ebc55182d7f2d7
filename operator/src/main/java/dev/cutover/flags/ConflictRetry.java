package dev.cutover.flags;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.function.IntFunction;

/**
 * Read-modify-write with optimistic concurrency: each attempt reads the object, decides, and
 * writes with the resourceVersion it read; a 409 means someone wrote in between (or the cache read
 * was behind), so the decision is made again on a read from the API server. Attempts count from 0.
 */
final class ConflictRetry {
  static final int MAX_ATTEMPTS = 5;

  private ConflictRetry() {}

  static <T> T run(String object, IntFunction<T> attempt) {
    KubernetesClientException last = null;
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      try {
        return attempt.apply(i);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        last = e;
      }
    }
    throw new ConflictingEditsException(object + " changed under the operator on " + MAX_ATTEMPTS
        + " attempts in a row (HTTP 409): something else keeps writing it; the operator retries later", last);
  }
}
