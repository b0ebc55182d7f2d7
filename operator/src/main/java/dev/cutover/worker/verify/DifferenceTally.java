package dev.cutover.worker.verify;

import dev.cutover.store.StoreException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts one table's differences by kind, keeps the first few keys as samples for the result,
 * prints every differing key on stderr (the full list: the result has room for only a few), and
 * passes each on to the next sink (a repair), if any.
 */
final class DifferenceTally implements DifferenceSink {
  static final int SAMPLE_KEYS = 5;
  private static final int SAMPLE_KEY_CHARS = 100;

  private final String tableName;
  private final String phase;
  private final PrintStream err;
  private final DifferenceSink next;
  private final long[] counts = new long[DifferenceKind.values().length];
  private final List<String> sampleKeys = new ArrayList<>();

  /**
   * @param phase what is being listed ("differs", "still differs after repair"), printed on each line
   * @param next where differences go on to; null for none
   */
  DifferenceTally(String tableName, String phase, PrintStream err, DifferenceSink next) {
    this.tableName = tableName;
    this.phase = phase;
    this.err = err;
    this.next = next;
  }

  @Override
  public void accept(Difference difference) throws StoreException {
    counts[difference.kind().ordinal()]++;
    String key = difference.key().toString();
    if (sampleKeys.size() < SAMPLE_KEYS) {
      sampleKeys.add(key.length() <= SAMPLE_KEY_CHARS ? key : key.substring(0, SAMPLE_KEY_CHARS - 3) + "...");
    }
    err.println("cutover verify: table " + tableName + " " + phase + ": " + difference.kind().label() + " " + key);
    if (next != null) {
      next.accept(difference);
    }
  }

  @Override
  public void tableDone() throws StoreException {
    if (next != null) {
      next.tableDone();
    }
  }

  long count(DifferenceKind kind) {
    return counts[kind.ordinal()];
  }

  long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  List<String> sampleKeys() {
    return List.copyOf(sampleKeys);
  }
}
