package dev.cutover.store.foundationdb;

import com.apple.foundationdb.FDBException;
import dev.cutover.store.StoreException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Bounded retries of FoundationDB reads: exponential backoff between attempts, and
 * {@link StoreException.Kind#UNAVAILABLE} after too many failures in a row or at once for an error
 * that retrying cannot fix. A success resets the count, so a long scan survives occasional errors.
 */
final class ReadRetries {
  /**
   * Errors a new read transaction can get past: transaction_too_old (1007), future_version (1009),
   * not_committed (1020), transaction_timed_out (1031), process_behind (1037), database_locked
   * (1038), cluster_version_changed (1039), proxy_memory_limit_exceeded (1042),
   * batch_transaction_throttled (1051), grv_proxy_memory_limit_exceeded (1078), tag_throttled (1213).
   * Production adds the client library's own {@code FDBException.isRetryable()}, which needs the
   * native library loaded.
   */
  static final Set<Integer> RETRYABLE_CODES = Set.of(1007, 1009, 1020, 1031, 1037, 1038, 1039, 1042, 1051, 1078, 1213);

  static final Predicate<FDBException> KNOWN_RETRYABLE = e -> RETRYABLE_CODES.contains(e.getCode());

  private final ScanSettings settings;
  private final Ticker ticker;
  private final Predicate<FDBException> retryable;
  private int failures;

  ReadRetries(ScanSettings settings, Ticker ticker, Predicate<FDBException> retryable) {
    this.settings = settings;
    this.ticker = ticker;
    this.retryable = retryable;
  }

  /** Records a failed read of {@code what}; waits before the next attempt or throws when there is none. */
  void failed(FDBException error, String what) throws StoreException {
    failures++;
    String cause = "FoundationDB error " + error.getCode() + " (" + error.getMessage() + ")";
    if (!retryable.test(error)) {
      throw StoreException.retriesSpent(what + " failed with " + cause + ", which retrying cannot fix", error);
    }
    if (failures >= settings.maxAttempts()) {
      throw StoreException.retriesSpent(what + " failed " + failures + " times in a row, last with " + cause
          + "; check that the cluster is reachable and healthy (fdbcli status), then run again to resume", error);
    }
    long delay = Math.min(settings.maxBackoffMillis(), settings.firstBackoffMillis() << Math.min(failures - 1, 20));
    try {
      ticker.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StoreException.unavailable(what + " was interrupted while waiting to retry " + cause, e);
    }
  }

  void succeeded() {
    failures = 0;
  }

  int failures() {
    return failures;
  }
}
