package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.CopyText;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.RowCountEstimate;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads a PostgreSQL table in primary-key order with one {@code COPY (SELECT ...) TO STDOUT} per
 * scan: the server streams, the client cuts the stream into batches, no query runs per batch.
 *
 * <p>A lost connection ends the scan with UNAVAILABLE and is reopened by the next call, so the
 * caller resumes from its last checkpoint.
 */
public final class PostgresRowSource implements RowSource, RowCountEstimate {
  /** Above this many estimated rows, partition boundaries come from a block sample. */
  static final long SAMPLE_ABOVE_ROWS = 200_000;
  private static final long SAMPLE_ROWS = 100_000;
  /** Keys kept to place partition boundaries; plenty for 64 partitions. */
  static final int MAX_SAMPLE_KEYS = 10_000;

  private final PostgresConnector connector;
  private final PostgresSession session;

  public PostgresRowSource(PostgresConnector connector) {
    this.connector = connector;
    this.session = new PostgresSession(connector);
  }

  /** A source whose first connection is already open, so an unreachable store fails up front. */
  public static PostgresRowSource open(PostgresConnector connector) throws StoreException {
    PostgresRowSource source = new PostgresRowSource(connector);
    source.session.open();
    return source;
  }

  /** The catalog of this source, for checking tables before a run. */
  public PostgresCatalog catalog() throws StoreException {
    return session.catalog();
  }

  /** What the DSN's user may do in this database, for the preflight. */
  public PostgresPrivileges privileges() throws StoreException {
    return new PostgresPrivileges(session.connection(), connector.role());
  }

  @Override
  public void scan(TableShape table, KeyRange range, Key after, int batchSize, BatchSink sink)
      throws StoreException {
    String sql = copyQuery(table, range, after);
    Connection open = session.connection();
    CopyOut copy;
    try {
      copy = open.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
    } catch (SQLException e) {
      throw failure(e, table, after);
    }
    CopyBatchBuilder batch = new CopyBatchBuilder(table.keyIndexes());
    Key lastSent = after;
    try {
      byte[] row;
      while ((row = copy.readFromCopy()) != null) {
        batch.add(row);
        if (batch.rows() >= batchSize) {
          var full = batch.take();
          sink.accept(full);
          lastSent = full.lastKey();
        }
      }
      if (batch.rows() > 0) {
        sink.accept(batch.take());
      }
    } catch (SQLException e) {
      throw failure(e, table, lastSent);
    } finally {
      if (copy.isActive()) {
        abandon();
      }
    }
  }

  /**
   * {@code COPY (SELECT cols FROM table WHERE (pk) > (after) AND (pk) >= (from) AND (pk) < (to)
   * ORDER BY pk) TO STDOUT}, key values as literals cast to this source's column types.
   */
  String copyQuery(TableShape table, KeyRange range, Key after) throws StoreException {
    Map<String, String> types = session.columnTypes(table);
    List<String> conditions = new ArrayList<>();
    if (after != null) {
      conditions.add(keyRow(table) + " > " + literalRow(table, after, types));
    }
    if (range.from() != null) {
      conditions.add(keyRow(table) + " >= " + literalRow(table, range.from(), types));
    }
    if (range.to() != null) {
      conditions.add(keyRow(table) + " < " + literalRow(table, range.to(), types));
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    return "COPY (SELECT " + table.quotedColumnList() + " FROM " + table.qualifiedName() + where
        + " ORDER BY " + table.quotedKeyList() + ") TO STDOUT";
  }

  /**
   * Contiguous key ranges with about as many rows each, from every key (small tables) or from a
   * repeatable block sample (large ones). Fewer than asked when the table has too few keys.
   */
  @Override
  public List<KeyRange> partitions(TableShape table, int partitions) throws StoreException {
    if (partitions <= 1) {
      return List.of(KeyRange.ALL);
    }
    List<Key> keys = sampleKeys(table, estimatedRows(table).orElse(0));
    List<Key> boundaries = new ArrayList<>();
    for (int i = 1; i < partitions; i++) {
      int index = (int) ((long) i * keys.size() / partitions);
      if (index == 0) {
        continue;
      }
      Key boundary = keys.get(index);
      if (boundaries.isEmpty() || !boundaries.get(boundaries.size() - 1).equals(boundary)) {
        boundaries.add(boundary);
      }
    }
    List<KeyRange> ranges = new ArrayList<>();
    Key from = null;
    for (Key boundary : boundaries) {
      ranges.add(new KeyRange(from, boundary));
      from = boundary;
    }
    ranges.add(new KeyRange(from, null));
    return ranges;
  }

  @Override
  public OptionalLong estimatedRows(TableShape table) throws StoreException {
    return catalog().estimatedRows(table.schema(), table.name());
  }

  @Override
  public void close() {
    session.close();
  }

  /**
   * Keys spread evenly over the table in key order, at most {@link #MAX_SAMPLE_KEYS} of them: every
   * key is streamed (from a block sample for large tables) and every {@code stride}-th kept, the
   * stride doubling whenever the list fills, so memory stays bounded even when the planner's estimate
   * is stale or missing.
   */
  private List<Key> sampleKeys(TableShape table, long estimatedRows) throws StoreException {
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < table.primaryKey().size(); i++) {
      keys.append(i > 0 ? ", " : "").append("src.").append(Identifiers.quote(table.primaryKey().get(i)));
    }
    String sample = "";
    if (estimatedRows > SAMPLE_ABOVE_ROWS) {
      double percent = Math.min(100.0, 100.0 * SAMPLE_ROWS / estimatedRows);
      sample = String.format(Locale.ROOT, " TABLESAMPLE SYSTEM (%.6f) REPEATABLE (7)", percent);
    }
    String sql = "COPY (SELECT " + keys + " FROM " + table.qualifiedName() + " AS src" + sample
        + " ORDER BY " + keys + ") TO STDOUT";
    int[] keyIndexes = new int[table.primaryKey().size()];
    for (int i = 0; i < keyIndexes.length; i++) {
      keyIndexes[i] = i;
    }
    List<Key> kept = new ArrayList<>();
    long stride = 1;
    long seen = 0;
    CopyOut copy;
    try {
      copy = session.connection().unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
    } catch (SQLException e) {
      throw failure(e, table, null);
    }
    try {
      byte[] row;
      while ((row = copy.readFromCopy()) != null) {
        if (seen++ % stride != 0) {
          continue;
        }
        kept.add(Key.fromFields(CopyText.split(row, 0, row.length - 1), keyIndexes));
        if (kept.size() >= 2 * MAX_SAMPLE_KEYS) {
          List<Key> halved = new ArrayList<>(MAX_SAMPLE_KEYS);
          for (int i = 0; i < kept.size(); i += 2) {
            halved.add(kept.get(i));
          }
          kept = halved;
          stride *= 2;
        }
      }
    } catch (SQLException e) {
      throw failure(e, table, null);
    } finally {
      if (copy.isActive()) {
        abandon();
      }
    }
    return kept;
  }

  private static String keyRow(TableShape table) {
    return "(" + table.quotedKeyList() + ")";
  }

  private static String literalRow(TableShape table, Key key, Map<String, String> types) {
    if (key.values().size() != table.primaryKey().size()) {
      throw new IllegalArgumentException(
          "key " + key + " has " + key.values().size() + " values; table " + table.qualifiedName()
              + " has " + table.primaryKey().size() + " key columns");
    }
    StringBuilder row = new StringBuilder("(");
    for (int i = 0; i < key.values().size(); i++) {
      String column = table.primaryKey().get(i);
      row.append(i > 0 ? ", " : "").append(SqlLiteral.typed(key.values().get(i), types.get(column)));
    }
    return row.append(')').toString();
  }

  /**
   * Abandons a COPY stopped early (by the sink or an error). Closing the connection ends the query
   * on the server at once, where pgjdbc's cancelCopy would first read what is still in flight; the
   * next call opens a new connection.
   */
  private void abandon() {
    session.reset();
  }

  private StoreException failure(SQLException e, TableShape table, Key after) {
    String where = "reading table " + table.qualifiedName() + " from the " + connector.role()
        + (after == null ? "" : " after key " + after);
    String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
    if (PostgresErrors.isTransient(e)) {
      session.reset();
      return StoreException.unavailable(where + ": " + PostgresErrors.message(e) + state, null);
    }
    String sqlState = e.getSQLState();
    if (sqlState.startsWith("42") || sqlState.startsWith("22")) {
      return StoreException.badInput(where + ": " + PostgresErrors.message(e) + state);
    }
    return StoreException.unavailable(where + ": " + PostgresErrors.message(e) + state, null);
  }
}
