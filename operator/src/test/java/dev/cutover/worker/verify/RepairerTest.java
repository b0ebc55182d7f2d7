package dev.cutover.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.store.Column;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.RowBatch;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.CopyText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RepairerTest {
  private static final TableShape TABLE = new TableShape("public", "t",
      List.of(new Column("id", "integer"), new Column("v", "text")), List.of("id"));
  private static final TableShape OTHER = new TableShape("public", "u",
      List.of(new Column("id", "integer"), new Column("v", "text")), List.of("id"));

  /** What the repaired side was asked to do, one entry per transaction. */
  private final List<String> transactions = new ArrayList<>();

  @Test
  void rewritesExistingRowsAndDeletesKeysThePrimaryNoLongerHasInBatches() throws Exception {
    TreeMap<Integer, String> primary = new TreeMap<>();
    primary.put(1, "one");
    primary.put(3, "three");
    primary.put(5, "five");
    Repairer repairer = new Repairer(PrimaryRows.unlocked(rowsOf(primary)), this::record, 2);

    for (String key : List.of("1", "2", "3", "4", "5")) {
      repairer.accept(new Difference(TABLE, DifferenceKind.DIFFERENT, Key.of(key)));
    }
    repairer.tableDone();

    assertThat(transactions).containsExactly(
        "t upsert [1=one] delete [(2)]", "t upsert [3=three] delete [(4)]", "t upsert [5=five] delete []");
    assertThat(repairer.rewritten(TABLE)).isEqualTo(5);
  }

  @Test
  void aKeyListedTwiceIsRewrittenOnceAndKeysMatchByValueNotSpelling() throws Exception {
    TreeMap<Integer, String> primary = new TreeMap<>();
    primary.put(7, "seven");
    Repairer repairer = new Repairer(PrimaryRows.unlocked(rowsOf(primary)), this::record, 10);

    repairer.accept(new Difference(TABLE, DifferenceKind.MISSING_IN_TARGET, Key.of("7")));
    repairer.accept(new Difference(TABLE, DifferenceKind.DIFFERENT, Key.of("007")));
    repairer.tableDone();

    assertThat(transactions).containsExactly("t upsert [7=seven] delete []");
  }

  @Test
  void eachTableIsItsOwnTransaction() throws Exception {
    Repairer repairer = new Repairer(PrimaryRows.unlocked(rowsOf(new TreeMap<>())), this::record, 10);

    repairer.accept(new Difference(TABLE, DifferenceKind.MISSING_IN_SOURCE, Key.of("1")));
    repairer.accept(new Difference(OTHER, DifferenceKind.MISSING_IN_SOURCE, Key.of("1")));
    repairer.tableDone();

    assertThat(transactions).containsExactly("t upsert [] delete [(1)]", "u upsert [] delete [(1)]");
    assertThat(repairer.rewritten(TABLE)).isEqualTo(1);
    assertThat(repairer.rewritten(OTHER)).isEqualTo(1);
  }

  /**
   * A store read by key through range scans (as FoundationDB is): only the key's own row counts,
   * even when the store's range for a key also holds the keys after it.
   */
  @Test
  void aScanningPrimaryReturnsOnlyRowsWhoseKeyMatches() throws Exception {
    TreeMap<Integer, String> rows = new TreeMap<>();
    rows.put(10, "ten");
    rows.put(20, "twenty");
    ScannedRowsByKey primary = new ScannedRowsByKey(new OrderedRowSource(rows), (table, key) -> new KeyRange(key, null));

    List<String[]> found = primary.read(TABLE, List.of(Key.of("20"), Key.of("15"), Key.of("10"), Key.of("99")));

    assertThat(found).extracting(row -> row[0] + "=" + row[1]).containsExactly("20=twenty", "10=ten");
  }

  private void record(TableShape table, List<String[]> rows, List<Key> deletes) {
    transactions.add(table.name() + " upsert " + rows.stream().map(r -> r[0] + "=" + r[1]).toList()
        + " delete " + deletes);
  }

  private static RowsByKey rowsOf(TreeMap<Integer, String> rows) {
    return (table, keys) -> {
      List<String[]> found = new ArrayList<>();
      for (Key key : keys) {
        int id = Integer.parseInt(key.values().get(0));
        if (rows.containsKey(id)) {
          found.add(new String[] {String.valueOf(id), rows.get(id)});
        }
      }
      return found;
    };
  }

  /** Rows in key order; a scan starts at the range's first key. */
  private record OrderedRowSource(TreeMap<Integer, String> rows) implements RowSource {
    @Override
    public void scan(TableShape table, KeyRange range, Key after, int batchSize, BatchSink sink) throws StoreException {
      int from = range.from() == null ? Integer.MIN_VALUE : Integer.parseInt(range.from().values().get(0));
      for (var row : rows.tailMap(from, true).entrySet()) {
        String[] fields = {String.valueOf(row.getKey()), row.getValue()};
        byte[] text = (CopyText.line(Arrays.asList(fields)) + "\n").getBytes(StandardCharsets.UTF_8);
        sink.accept(new RowBatch(text, text.length, 1, Key.of(fields[0])));
      }
    }

    @Override
    public List<KeyRange> partitions(TableShape table, int partitions) {
      return List.of(KeyRange.ALL);
    }

    @Override
    public void close() {}
  }
}
