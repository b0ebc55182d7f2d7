package dev.cutover.store.postgres;

import dev.cutover.store.KeyRange;
import dev.cutover.store.Key;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * One PostgreSQL side of a comparison done inside the databases (see {@link DigestSql}): per
 * key-hash bucket, the row count and digest computed by the server in one pass, and a scan of just
 * the rows of the buckets that disagreed, for the worker's row-by-row comparison. Over a
 * connection of its own, with the session settings every Cutover connection pins.
 */
public final class PostgresBucketDigests implements AutoCloseable {
  /** The minimum server version: {@code trim_scale} (13) and shortest-exact floats (12). */
  static final int MIN_VERSION_NUM = 130000;

  /** What decides whether two servers print the same text for the same values. */
  public record Server(int versionNum, String encoding) {
    /** Why this server cannot digest at all, or null. */
    public String refusal() {
      return versionNum < MIN_VERSION_NUM
          ? "PostgreSQL " + versionNum / 10000 + " has no trim_scale (13 or later digests in SQL)"
          : null;
    }
  }

  /** Per bucket: rows, and the sum of the row digests' first 64 bits, modulo 2^64. */
  public record Sums(long[] counts, long[] sums, long bytesReceived) {
    public long rows() {
      long rows = 0;
      for (long count : counts) {
        rows += count;
      }
      return rows;
    }

    public boolean sameAs(Sums other, int bucket) {
      return counts[bucket] == other.counts[bucket] && sums[bucket] == other.sums[bucket];
    }
  }

  private final PostgresConnector connector;
  private final PostgresSession session;
  private Server server;

  public PostgresBucketDigests(PostgresConnector connector) {
    this.connector = connector;
    this.session = new PostgresSession(connector);
  }

  /** This server's version and encoding, read once. */
  public Server server() throws StoreException {
    if (server == null) {
      try {
        server = session.retrying(() -> {
          try (Statement statement = session.connection().createStatement();
              ResultSet row = statement.executeQuery(
                  "SELECT current_setting('server_version_num')::int, current_setting('server_encoding')")) {
            row.next();
            return new Server(row.getInt(1), row.getString(2));
          }
        });
      } catch (SQLException e) {
        throw failure(e, "reading the server version of the " + connector.role());
      }
    }
    return server;
  }

  /** The types this database declares for {@code table}'s columns, by column name. */
  public Map<String, String> columnTypes(TableShape table) throws StoreException {
    return session.columnTypes(table);
  }

  /** Whether values of a column type (as {@code format_type} names it) are digested in SQL. */
  public static boolean digested(String formatType) {
    return DigestSql.digested(formatType);
  }

  /** One pass over the table: the (sampled) rows' count and digest per bucket. */
  public Sums digest(TableShape table, int buckets, double sampleRate) throws StoreException {
    String sql = DigestSql.digestQuery(table, buckets, sampleRate);
    try {
      return session.retrying(() -> {
        long[] counts = new long[buckets];
        long[] sums = new long[buckets];
        long bytes = 0;
        try (Statement statement = session.connection().createStatement();
            ResultSet rows = statement.executeQuery(sql)) {
          while (rows.next()) {
            int bucket = rows.getInt(1);
            counts[bucket] = rows.getLong(2);
            sums[bucket] = modulo64(rows.getBigDecimal(3));
            bytes += rowBytes(rows);
          }
        }
        return new Sums(counts, sums, bytes);
      });
    } catch (SQLException e) {
      throw failure(e, "digesting table " + table.qualifiedName() + " in the " + connector.role());
    }
  }

  /**
   * The (sampled) rows of the {@code wanted} buckets only, as a row source for the worker's
   * comparison; it reads the whole table's range in one COPY, in no particular order.
   */
  public RowSource rowsIn(int buckets, BitSet wanted, double sampleRate) {
    return new BucketRows(buckets, wanted, sampleRate);
  }

  @Override
  public void close() {
    session.close();
  }

  private final class BucketRows implements RowSource {
    private final int buckets;
    private final BitSet wanted;
    private final double sampleRate;

    BucketRows(int buckets, BitSet wanted, double sampleRate) {
      this.buckets = buckets;
      this.wanted = wanted;
      this.sampleRate = sampleRate;
    }

    @Override
    public void scan(TableShape table, KeyRange range, Key after, int batchSize, BatchSink sink)
        throws StoreException {
      if (range.from() != null || range.to() != null || after != null) {
        throw new IllegalArgumentException("a bucket scan reads whole buckets, not a key range");
      }
      String where = "reading the differing buckets of table " + table.qualifiedName() + " from the "
          + connector.role();
      CopyOut copy;
      try {
        copy = session.connection().unwrap(PGConnection.class).getCopyAPI()
            .copyOut(DigestSql.copyBucketsQuery(table, buckets, wanted, sampleRate));
      } catch (SQLException e) {
        throw failure(e, where);
      }
      CopyBatchBuilder batch = new CopyBatchBuilder(table.keyIndexes());
      try {
        byte[] row;
        while ((row = copy.readFromCopy()) != null) {
          batch.add(row);
          if (batch.rows() >= batchSize) {
            sink.accept(batch.take());
          }
        }
        if (batch.rows() > 0) {
          sink.accept(batch.take());
        }
      } catch (SQLException e) {
        throw failure(e, where);
      } finally {
        if (copy.isActive()) {
          session.reset();
        }
      }
    }

    @Override
    public List<KeyRange> partitions(TableShape table, int partitions) {
      return List.of(KeyRange.ALL);
    }

    @Override
    public void close() {
      // the connection is the digests' own, closed with them
    }
  }

  /** The low 64 bits of an exact sum, as two's complement. */
  private static long modulo64(BigDecimal sum) {
    return sum == null ? 0 : sum.toBigIntegerExact().longValue();
  }

  /** About what a result row weighs on the wire: its values' text and a length word each. */
  private static long rowBytes(ResultSet rows) throws SQLException {
    long bytes = 0;
    for (int column = 1; column <= 3; column++) {
      String value = rows.getString(column);
      bytes += 4 + (value == null ? 0 : value.length());
    }
    return bytes;
  }

  private StoreException failure(SQLException e, String where) {
    String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
    String message = where + ": " + PostgresErrors.message(e) + state;
    if (PostgresErrors.isTransient(e)) {
      session.reset();
      return StoreException.unavailable(message, null);
    }
    String sqlState = e.getSQLState() == null ? "" : e.getSQLState();
    if (sqlState.startsWith("42") || sqlState.startsWith("22")) {
      return StoreException.badInput(message);
    }
    return StoreException.unavailable(message, null);
  }
}
