package dev.cutover.worker.verify;

import dev.cutover.store.StoreException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The source side of a comparison runs on a thread of its own while the target side runs on the
 * caller's: this is how the caller waits for it, with the source's failure rethrown as it was.
 */
final class OtherSide {
  private OtherSide() {}

  /**
   * The other side's result; its StoreException or RuntimeException rethrown as is. Interrupted:
   * {@code onInterrupt} runs (to stop the other side) and the wait fails as {@code doing}.
   */
  static <T> T await(Future<T> side, String doing, Runnable onInterrupt) throws StoreException {
    try {
      return side.get();
    } catch (InterruptedException e) {
      onInterrupt.run();
      Thread.currentThread().interrupt();
      throw StoreException.unavailable("interrupted while " + doing, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StoreException store) {
        throw store;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Waits for the other side to end after this side failed; this side's failure is the one reported. */
  static void awaitQuietly(Future<?> side) {
    try {
      side.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // the failure of this side is the one reported
    }
  }
}
