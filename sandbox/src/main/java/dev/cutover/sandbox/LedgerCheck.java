package dev.cutover.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares one store with the application's ledger: every row the application wrote must be there
 * with the value of its last acknowledged write, or absent when that write was a delete, whatever
 * its mirrors met on the way. A row whose last write's outcome is unknown (the connection broke
 * mid-commit) is left to the verification.
 */
final class LedgerCheck {
  /** One row the store disagrees with the ledger about. */
  record Problem(RowKey key, String description) {
    @Override
    public String toString() {
      return key + ": " + description;
    }
  }

  /** The outcome: rows compared, rows left to verification, and every disagreement. */
  record Result(Side side, int checked, int skipped, List<Problem> problems) {
    boolean passed() {
      return problems.isEmpty();
    }
  }

  private LedgerCheck() {}

  static Result check(WriteLedger ledger, Connection store, Side side) throws SQLException {
    int checked = 0;
    int skipped = 0;
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<RowKey, WriteLedger.Entry> row : ledger.entries().entrySet()) {
      WriteLedger.Entry entry = row.getValue();
      if (entry.acknowledged() == null || entry.unknown()) {
        skipped++;
        continue;
      }
      checked++;
      TableDefinition table = TeaElephantSchema.table(row.getKey().table());
      RowImage actual = RowStatements.read(store, table, row.getKey());
      if (!entry.acknowledged().equals(actual)) {
        problems.add(new Problem(row.getKey(), describe(table, entry, actual, side)));
      }
    }
    problems.sort(java.util.Comparator.comparing(p -> p.key().toString()));
    return new Result(side, checked, skipped, problems);
  }

  private static String describe(TableDefinition table, WriteLedger.Entry entry, RowImage actual, Side side) {
    RowImage expected = entry.acknowledged();
    String write = "the last acknowledged write (" + entry.acknowledgedKind().name().toLowerCase()
        + " in " + entry.acknowledgedIn() + ")";
    if (actual.deleted()) {
      return "missing in the " + side.label() + "; " + write + " left it " + expected;
    }
    if (expected.deleted()) {
      return "present in the " + side.label() + " as " + actual + " though " + write + " deleted it";
    }
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < table.columns().size(); i++) {
      String want = expected.values().get(i);
      String have = actual.values().get(i);
      if (!java.util.Objects.equals(want, have)) {
        differences.add(table.columns().get(i).name() + " is " + quote(have) + ", " + write + " wrote " + quote(want));
      }
    }
    return String.join("; ", differences);
  }

  private static String quote(String value) {
    return value == null ? "NULL" : "'" + value + "'";
  }
}
