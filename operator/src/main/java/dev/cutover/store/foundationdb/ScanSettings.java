package dev.cutover.store.foundationdb;

/**
 * The limits of the range-read loop.
 *
 * @param rowsPerRead the row limit of one range read; a batch may take several reads
 * @param transactionMillis the age after which the next read opens a new transaction; well inside
 *     FoundationDB's 5-second limit, measured from the transaction's first read (when it takes its
 *     read version)
 * @param maxAttempts consecutive failed reads before the scan gives up (UNAVAILABLE)
 * @param firstBackoffMillis the wait after the first failure, doubled after each further one
 * @param maxBackoffMillis the longest wait between two attempts
 * @param transactionTimeoutMillis the timeout set on each production transaction, so that an
 *     unreachable cluster fails (1031) instead of hanging
 */
public record ScanSettings(
    int rowsPerRead,
    long transactionMillis,
    int maxAttempts,
    long firstBackoffMillis,
    long maxBackoffMillis,
    long transactionTimeoutMillis) {

  public static ScanSettings defaults() {
    return new ScanSettings(2_000, 2_000, 8, 50, 2_000, 10_000);
  }
}
