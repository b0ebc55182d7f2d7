package dev.cutover.bench;

import java.util.Comparator;
import java.util.List;

/**
 * One timed run of one contender; {@code failure} is set when it did not complete, {@code skipped}
 * when it could not run here at all (a tool not installed), which is said but is no failure.
 * {@code workerBytes} is what the run moved from the databases to the worker, when it reports it
 * (verify), else -1.
 */
record Measurement(String contender, long rows, long nanos, HeapWatch.HeapUse heap, String failure, boolean skipped,
    long workerBytes) {
  Measurement(String contender, long rows, long nanos, HeapWatch.HeapUse heap, String failure) {
    this(contender, rows, nanos, heap, failure, false, -1);
  }

  static Measurement failed(String contender, String failure) {
    return new Measurement(contender, 0, 0, new HeapWatch.HeapUse(0, -1, 0), failure);
  }

  static Measurement skipped(String contender, String reason) {
    return new Measurement(contender, 0, 0, new HeapWatch.HeapUse(0, -1, 0), reason, true, -1);
  }

  Measurement withWorkerBytes(long bytes) {
    return new Measurement(contender, rows, nanos, heap, failure, skipped, bytes);
  }

  boolean ok() {
    return failure == null;
  }

  /** Whether the run failed, as opposed to measured or skipped. */
  boolean failedToRun() {
    return failure != null && !skipped;
  }

  double seconds() {
    return nanos / 1e9;
  }

  double rowsPerSecond() {
    return nanos == 0 ? 0 : rows / seconds();
  }

  /** The run of median time among repeats; a failed run wins, so a failure is never hidden. */
  static Measurement median(List<Measurement> runs) {
    for (Measurement run : runs) {
      if (!run.ok()) {
        return run;
      }
    }
    List<Measurement> sorted = runs.stream().sorted(Comparator.comparingLong(Measurement::nanos)).toList();
    return sorted.get(sorted.size() / 2);
  }
}
