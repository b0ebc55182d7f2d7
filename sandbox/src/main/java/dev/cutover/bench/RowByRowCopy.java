package dev.cutover.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

/**
 * The original runbook's approach: read the source in key order and write each row with its own
 * {@code INSERT ... ON CONFLICT (region, id) DO NOTHING} in autocommit. Values travel as text with
 * {@code stringtype=unspecified}, so the server converts them to the column types as psql would.
 */
final class RowByRowCopy {
  private static final int FETCH_SIZE = 1000;

  private RowByRowCopy() {}

  /** Copies the first {@code limit} rows by key and returns the rows read. */
  static long copy(Connection source, Connection target, long limit) throws SQLException {
    int width = BenchTable.COLUMNS.size();
    String insert = "INSERT INTO " + BenchTable.QUALIFIED + " (" + BenchTable.columnList() + ") VALUES ("
        + String.join(", ", Collections.nCopies(width, "?")) + ") ON CONFLICT (" + BenchTable.keyList()
        + ") DO NOTHING";
    source.setAutoCommit(false); // a cursor: rows arrive FETCH_SIZE at a time
    target.setAutoCommit(true);
    long rows = 0;
    try (Statement read = source.createStatement(); PreparedStatement write = target.prepareStatement(insert)) {
      read.setFetchSize(FETCH_SIZE);
      try (ResultSet row = read.executeQuery("SELECT " + BenchTable.columnList() + " FROM " + BenchTable.QUALIFIED
          + " ORDER BY " + BenchTable.keyList() + " LIMIT " + limit)) {
        while (row.next()) {
          for (int i = 1; i <= width; i++) {
            write.setString(i, row.getString(i));
          }
          write.executeUpdate();
          rows++;
        }
      }
    }
    source.commit();
    return rows;
  }
}
