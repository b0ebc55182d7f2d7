package dev.cutover.jobs;

import dev.cutover.api.TableRows;
import dev.cutover.api.TableVerification;
import dev.cutover.api.WorkerResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-table counts of a Job: the sum over its pods' WorkerResults, tables in the order the
 * pods report them (the spec's copy order), with a bounded handful of sample keys.
 */
final class TableTotals {
  /** Sample keys kept per table, over all pods. */
  static final int MAX_SAMPLE_KEYS = 10;
  /** Tables kept; the spec allows 500. */
  static final int MAX_TABLES = 500;

  private TableTotals() {}

  static List<TableRows> rows(List<PodReport> reports) {
    Map<String, TableRows> byName = new LinkedHashMap<>();
    for (WorkerResult.Table table : tables(reports)) {
      TableRows rows = byName.get(table.name);
      if (rows == null && byName.size() < MAX_TABLES) {
        rows = new TableRows(table.name, 0);
        byName.put(table.name, rows);
      }
      if (rows != null) {
        rows.rows += value(table.rows);
      }
    }
    return new ArrayList<>(byName.values());
  }

  static List<TableVerification> verification(List<PodReport> reports) {
    Map<String, TableVerification> byName = new LinkedHashMap<>();
    for (WorkerResult.Table table : tables(reports)) {
      TableVerification sum = byName.get(table.name);
      if (sum == null && byName.size() < MAX_TABLES) {
        sum = new TableVerification();
        sum.name = table.name;
        byName.put(table.name, sum);
      }
      if (sum != null) {
        add(sum, table);
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static void add(TableVerification sum, WorkerResult.Table table) {
    sum.sourceRows += value(table.sourceRows);
    sum.targetRows += value(table.targetRows);
    sum.missingInTarget += value(table.missingInTarget);
    sum.missingInSource += value(table.missingInSource);
    sum.different += value(table.different);
    sum.repaired += value(table.repaired);
    sum.mismatches = sum.missingInTarget + sum.missingInSource + sum.different;
    if (table.sampleKeys != null) {
      for (String key : table.sampleKeys) {
        String bounded = StatusText.bounded(key, StatusText.MAX_KEY);
        if (sum.sampleKeys.size() < MAX_SAMPLE_KEYS && bounded != null && !sum.sampleKeys.contains(bounded)) {
          sum.sampleKeys.add(bounded);
        }
      }
    }
  }

  private static List<WorkerResult.Table> tables(List<PodReport> reports) {
    List<WorkerResult.Table> tables = new ArrayList<>();
    for (PodReport report : reports) {
      if (report.result() != null && report.result().tables != null) {
        report.result().tables.stream()
            .filter(t -> t != null && t.name != null)
            .forEach(tables::add);
      }
    }
    return tables;
  }

  /** Counts are never negative; a garbled negative count counts as none. */
  private static long value(Long count) {
    return count == null ? 0 : Math.max(0, count);
  }
}
