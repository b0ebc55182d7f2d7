package dev.cutover.bench;

import java.util.Comparator;
import java.util.List;

/** One timed run of one contender; {@code failure} is set when it did not complete. */
record Measurement(String contender, long rows, long nanos, HeapWatch.HeapUse heap, String failure) {
  static Measurement failed(String contender, String failure) {
    return new Measurement(contender, 0, 0, new HeapWatch.HeapUse(0, -1, 0), failure);
  }

  boolean ok() {
    return failure == null;
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
