package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.Column;
import dev.cutover.store.CopyText;
import dev.cutover.store.Key;
import dev.cutover.store.RowBatch;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.SQLException;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a failed batch write into an error that names the culprit. A value the target type cannot
 * take fails the COPY with a context such as {@code COPY cutover_staging_1, line 3, column price:
 * "abc"}: the line number picks the row out of the batch, whose key is then decoded.
 */
final class CopyFailure {
  private static final Pattern LINE = Pattern.compile("\\bline (\\d+)");
  private static final int MAX_DETAIL = 300;

  private final TableShape table;
  private final RowBatch batch;
  private final String role;

  CopyFailure(TableShape table, RowBatch batch, String role) {
    this.table = table;
    this.batch = batch;
    this.role = role;
  }

  /** A BAD_INPUT naming table, column and key for bad data; otherwise {@code generic}'s verdict. */
  StoreException explain(SQLException e, BiFunction<SQLException, String, StoreException> generic) {
    ServerErrorMessage server = PostgresErrors.server(e);
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = server == null || server.getWhere() == null ? "" : server.getWhere();
    String table = this.table.qualifiedName();
    if (state.startsWith("22")) {
      String column = columnIn(where);
      Key key = keyOfLine(where);
      generic.apply(e, "writing into " + table); // rolls back and keeps the connection usable
      return StoreException.badInput(
          "table " + table + (column == null ? "" : ", column " + Identifiers.quote(column))
              + (key == null ? "" : ", key " + key) + ": the " + role + " cannot store the source value: "
              + PostgresErrors.message(e) + " [SQLState " + state + "]"
              + "; fix the row in the source or the column type in the target");
    }
    if (state.startsWith("23")) {
      generic.apply(e, "writing into " + table);
      String column = server == null ? null : server.getColumn();
      String detail = server == null || server.getDetail() == null ? "" : " (" + shorten(server.getDetail()) + ")";
      return StoreException.badInput(
          "table " + table + (column == null ? "" : ", column " + Identifiers.quote(column))
              + ": the " + role + " refused a row of the batch ending at key " + batch.lastKey() + ": "
              + PostgresErrors.message(e) + detail + " [SQLState " + state + "]");
    }
    return generic.apply(e, "writing " + batch.rows() + " rows up to key " + batch.lastKey() + " into " + table);
  }

  /** The copied column the COPY context names, the longest match winning ("a" vs "a b"). */
  private String columnIn(String where) {
    String found = null;
    for (Column column : table.columns()) {
      String marker = ", column " + column.name() + ":";
      if (where.contains(marker) && (found == null || column.name().length() > found.length())) {
        found = column.name();
      }
    }
    return found;
  }

  /** The key of line {@code N} (1-based) of the batch, or null when the context names no line. */
  private Key keyOfLine(String where) {
    Matcher matcher = LINE.matcher(where);
    if (!matcher.find()) {
      return null;
    }
    long wanted = Long.parseLong(matcher.group(1));
    byte[] text = batch.text();
    int start = 0;
    for (long line = 1; line < wanted && start < batch.length(); line++) {
      while (start < batch.length() && text[start] != '\n') {
        start++;
      }
      start++;
    }
    int end = start;
    while (end < batch.length() && text[end] != '\n') {
      end++;
    }
    if (start >= batch.length()) {
      return null;
    }
    String[] fields = CopyText.split(text, start, end);
    int[] indexes = table.keyIndexes();
    for (int index : indexes) {
      if (index >= fields.length) {
        return null;
      }
    }
    return Key.fromFields(fields, indexes);
  }

  private static String shorten(String text) {
    return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
  }
}
