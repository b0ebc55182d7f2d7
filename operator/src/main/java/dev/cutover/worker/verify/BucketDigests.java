package dev.cutover.worker.verify;

/**
 * Per bucket of key hashes, the number of rows and the sum of their 128-bit row hashes modulo
 * 2^128: a digest that does not depend on the order rows arrive in (FoundationDB's tuple order
 * and PostgreSQL's collation differ), that two different sets of rows match only by a 2^-128
 * accident, and whose size does not grow with the table.
 */
final class BucketDigests {
  private final long[] counts;
  private final long[] low;
  private final long[] high;
  private long rows;

  BucketDigests(int buckets) {
    counts = new long[buckets];
    low = new long[buckets];
    high = new long[buckets];
  }

  void add(int bucket, long hashLow, long hashHigh) {
    long sum = low[bucket] + hashLow;
    long carry = Long.compareUnsigned(sum, hashLow) < 0 ? 1 : 0;
    low[bucket] = sum;
    high[bucket] += hashHigh + carry;
    counts[bucket]++;
    rows++;
  }

  int buckets() {
    return counts.length;
  }

  long count(int bucket) {
    return counts[bucket];
  }

  long rows() {
    return rows;
  }

  boolean sameAs(BucketDigests other, int bucket) {
    return counts[bucket] == other.counts[bucket]
        && low[bucket] == other.low[bucket]
        && high[bucket] == other.high[bucket];
  }
}
