package dev.cutover.worker.verify;

/**
 * How a table is compared.
 *
 * @param buckets number of key-hash buckets (a power of two); more buckets, smaller drill-downs
 * @param batchSize rows a store hands over at a time
 * @param drillBudget rows of one side held in memory at once while drilling into unequal buckets;
 *     more unequal rows than this take several passes, so memory stays flat in table size
 * @param sampleRate fraction of keys compared (1 compares every row); the same keys on both sides
 */
record ComparisonSettings(int buckets, int batchSize, long drillBudget, double sampleRate) {
  static final ComparisonSettings DEFAULT = new ComparisonSettings(4096, 5000, 200_000, 1.0);

  ComparisonSettings {
    if (Integer.bitCount(buckets) != 1) {
      throw new IllegalArgumentException("buckets must be a power of two: " + buckets);
    }
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("sampleRate must be above 0 and at most 1: " + sampleRate);
    }
  }

  ComparisonSettings withSampleRate(double rate) {
    return new ComparisonSettings(buckets, batchSize, drillBudget, rate);
  }

  ComparisonSettings withBatchSize(int rows) {
    return new ComparisonSettings(buckets, rows, drillBudget, sampleRate);
  }

  ComparisonSettings withDrillBudget(long rows) {
    return new ComparisonSettings(buckets, batchSize, rows, sampleRate);
  }

  /** The bucket of a key: the top bits of its hash. */
  int bucket(long keyHashHigh) {
    return (int) (keyHashHigh >>> (64 - Integer.numberOfTrailingZeros(buckets)));
  }

  /**
   * Whether a key is in the sample: the low bits of its hash (independent of the bucket bits) below
   * the rate. A pure function of the key, so both sides keep the same keys.
   */
  boolean sampled(long keyHashLow) {
    return sampleRate >= 1 || (keyHashLow >>> 11) < (long) (sampleRate * (1L << 53));
  }
}
