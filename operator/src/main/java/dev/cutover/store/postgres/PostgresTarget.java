package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.BackfillCheckpoint;
import dev.cutover.store.BackfillTarget;
import dev.cutover.store.CatchUpCounts;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.CopyText;
import dev.cutover.store.ForeignKeyViolation;
import dev.cutover.store.Key;
import dev.cutover.store.SourceRows;
import dev.cutover.store.KeyRange;
import dev.cutover.store.PartitionProgress;
import dev.cutover.store.RowBatch;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ServerErrorMessage;

/**
 * The PostgreSQL target of a backfill. A batch and its checkpoint are written in one transaction.
 * One lookup in the primary-key index asks whether any target row lies in the batch's key range: if
 * none does, the batch goes by {@code COPY} straight into the table; if one does (a row the
 * application dual-wrote, or one an earlier attempt copied), the batch is merged instead: {@code COPY}
 * into a temporary staging table (emptied at every commit), then {@code INSERT ... SELECT ... ON
 * CONFLICT (pk) DO NOTHING}. Either way a row already in the target is never overwritten by the
 * older copy, a re-run inserts nothing twice, and no COPY is sent to fail on a duplicate key. The
 * catch-up after each range's copy runs on the same connection ({@link PostgresCatchUp},
 * docs/backfill.md).
 *
 * <p>A lost connection rolls the transaction back on the server; the call fails with UNAVAILABLE
 * and the next one reconnects, so the caller re-copies the batch from the last checkpoint.
 */
public final class PostgresTarget implements BackfillTarget {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final PostgresConnector connector;
  private final Map<String, String> stagingByTable = new HashMap<>();
  private final PostgresSession session;
  private final PostgresCatchUp catchUp;
  private boolean schemaReady;

  public PostgresTarget(PostgresConnector connector) {
    this.connector = connector;
    this.session = new PostgresSession(connector, this::prepare);
    this.catchUp = new PostgresCatchUp(session);
  }

  /** A target whose first connection is already open, so an unreachable store fails up front. */
  public static PostgresTarget open(PostgresConnector connector) throws StoreException {
    PostgresTarget target = new PostgresTarget(connector);
    target.session.open();
    return target;
  }

  /** The catalog of the target, for resolving table shapes before a run. */
  public PostgresCatalog catalog() throws StoreException {
    return session.catalog();
  }

  @Override
  public BackfillCheckpoint checkpoint(CheckpointId id) throws StoreException {
    Connection open = ready();
    try {
      BackfillCheckpoint checkpoint = PostgresCheckpoints.read(open, id);
      open.commit();
      return checkpoint;
    } catch (SQLException e) {
      throw failure(e, "reading the checkpoint of " + display(id));
    }
  }

  @Override
  public List<KeyRange> partitionPlan(CheckpointId id, Planner planner) throws StoreException {
    if (id.partitions() <= 1) {
      return List.of(KeyRange.ALL);
    }
    Connection open = ready();
    try {
      Optional<List<KeyRange>> stored = PostgresCheckpoints.readPlan(open, id);
      open.commit();
      if (stored.isPresent()) {
        return stored.get();
      }
      List<KeyRange> computed = planner.plan();
      PostgresCheckpoints.storePlan(open, id, computed);
      open.commit();
      List<KeyRange> winner = PostgresCheckpoints.readPlan(open, id).orElse(computed);
      open.commit();
      return winner;
    } catch (SQLException e) {
      throw failure(e, "reading the partition plan of " + display(id));
    }
  }

  @Override
  public long write(TableShape table, RowBatch batch, CheckpointId id) throws StoreException {
    Connection open = ready();
    try {
      if (batch.rows() == 0) { // every row of a retried batch gone from the source: only the checkpoint moves
        PostgresCheckpoints.advance(open, id, batch.lastKey(), 0, 0);
        open.commit();
        return 0;
      }
      if (anyKeyPresent(open, table, batch)) {
        return merge(open, table, batch, id);
      }
      copy(open, table.qualifiedName(), table, batch);
      PostgresCheckpoints.advance(open, id, batch.lastKey(), batch.rows(), batch.rows());
      open.commit();
      return batch.rows();
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw explain(e, table, batch);
      }
      if (!session.rollback()) {
        throw StoreException.unavailable(connector.role() + ": the connection broke while writing into "
            + table.qualifiedName() + " up to key " + batch.lastKey(), null);
      }
    }
    // Only when the target orders keys otherwise than the source (another collation), so that the
    // range looked up missed a key of the batch that is there: merge after all.
    return merge(open, table, batch, id);
  }

  /**
   * Whether any row of the target lies between the batch's first and last key: one lookup in the
   * primary-key index that keeps a failing COPY (and an ERROR in the server's log) off the path of
   * every resumed or dual-written batch.
   */
  private boolean anyKeyPresent(Connection open, TableShape table, RowBatch batch) throws SQLException, StoreException {
    int end = 0;
    while (end < batch.length() && batch.text()[end] != '\n') {
      end++;
    }
    Key first = Key.fromFields(CopyText.split(batch.text(), 0, end), table.keyIndexes());
    Map<String, String> types = session.columnTypes(table);
    String key = "(" + table.quotedKeyList() + ")";
    try (Statement statement = open.createStatement();
        ResultSet result = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table.qualifiedName() + " WHERE "
            + key + " >= " + PostgresCatchUp.literalRow(table, first, types) + " AND " + key + " <= "
            + PostgresCatchUp.literalRow(table, batch.lastKey(), types) + ")")) {
      result.next();
      return result.getBoolean(1);
    }
  }

  /** A failed batch, explained; a foreign-key violation is told apart so the caller can retry it. */
  private StoreException explain(SQLException e, TableShape table, RowBatch batch) {
    StoreException explained = new CopyFailure(table, batch, connector.role()).explain(e, this::failure);
    if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
      ServerErrorMessage server = PostgresErrors.server(e);
      return new ForeignKeyViolation(explained.getMessage(), server == null ? null : server.getConstraint());
    }
    return explained;
  }

  /** COPY into the staging table, then insert what the target does not have yet. */
  private long merge(Connection open, TableShape table, RowBatch batch, CheckpointId id) throws StoreException {
    String staging = staging(open, table);
    try {
      copy(open, staging, table, batch);
      long inserted;
      try (Statement merge = open.createStatement()) {
        inserted = merge.executeUpdate(mergeSql(table, staging));
      }
      PostgresCheckpoints.advance(open, id, batch.lastKey(), batch.rows(), inserted);
      open.commit();
      return inserted;
    } catch (SQLException e) {
      throw explain(e, table, batch);
    }
  }

  /** COPY of the batch's text into {@code into}; on failure the COPY is ended so the caller can roll back. */
  private static void copy(Connection open, String into, TableShape table, RowBatch batch) throws SQLException {
    CopyIn copy = open.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("COPY " + into + " (" + table.quotedColumnList() + ") FROM STDIN");
    try {
      copy.writeToCopy(batch.text(), 0, batch.length());
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        try {
          copy.cancelCopy();
        } catch (SQLException e) {
          // the original failure is what matters; the rollback or reconnect that follows cleans up
        }
      }
    }
  }

  @Override
  public void copied(CheckpointId id) throws StoreException {
    Connection open = ready();
    try {
      PostgresCheckpoints.copied(open, id);
      open.commit();
    } catch (SQLException e) {
      throw failure(e, "marking the copy of " + display(id) + " done");
    }
  }

  @Override
  public RowBatch rows(TableShape table, KeyRange range, Key after, Key through, int limit) throws StoreException {
    Connection open = ready();
    try {
      RowBatch rows = catchUp.rows(open, table, range, after, through, limit);
      open.commit();
      return rows;
    } catch (SQLException e) {
      throw failure(e, "reading rows of " + table.qualifiedName() + (after == null ? "" : " after key " + after));
    }
  }

  @Override
  public boolean isAfter(TableShape table, Key a, Key b) throws StoreException {
    Connection open = ready();
    try {
      boolean after = catchUp.isAfter(open, table, a, b);
      open.commit();
      return after;
    } catch (SQLException e) {
      throw failure(e, "comparing keys " + a + " and " + b + " of " + table.qualifiedName());
    }
  }

  /**
   * Rewrites {@code keys} as {@link PostgresCatchUp} does, retrying a transient failure (a lost
   * connection, a lock not granted in time on either side) from the start, after letting go of
   * every lock, within the connector's bounds.
   */
  @Override
  public CatchUpCounts catchUp(TableShape table, List<Key> keys, SourceRows source, CatchUpPlanner plan,
      CheckpointId id) throws StoreException {
    for (int attempt = 1; ; attempt++) {
      StoreException failure;
      try {
        return catchUp.rewrite(ready(), table, keys, source, plan, id);
      } catch (PostgresCatchUp.Failed e) {
        failure = catchUpFailure(e.cause, table, keys);
      } catch (SQLException e) {
        failure = catchUpFailure(e, table, keys);
      } catch (StoreException e) {
        session.rollback();
        failure = e;
      }
      if (failure.kind() != StoreException.Kind.UNAVAILABLE || attempt >= connector.retry().attempts()) {
        throw failure;
      }
      connector.retry().pause(attempt);
    }
  }

  private StoreException catchUpFailure(SQLException e, TableShape table, List<Key> keys) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("23") || state.startsWith("22")) {
      session.rollback();
      ServerErrorMessage server = PostgresErrors.server(e);
      String detail = server == null || server.getDetail() == null ? "" : " (" + server.getDetail() + ")";
      return StoreException.badInput("table " + table.qualifiedName() + ": the " + connector.role()
          + " refused the current source rows of keys " + keys.get(0) + (keys.size() > 1 ? " and " + (keys.size() - 1)
          + " more" : "") + " while catching up: " + PostgresErrors.message(e) + detail + " [SQLState " + state + "]");
    }
    return failure(e, "catching up " + table.qualifiedName() + " from key " + keys.get(0));
  }

  @Override
  public void caughtUp(CheckpointId id, Key lastKey) throws StoreException {
    Connection open = ready();
    try {
      PostgresCheckpoints.caughtUp(open, id, lastKey);
      open.commit();
    } catch (SQLException e) {
      throw failure(e, "moving the catch-up checkpoint of " + display(id));
    }
  }

  @Override
  public void finish(CheckpointId id) throws StoreException {
    Connection open = ready();
    try (Statement statement = open.createStatement()) {
      // A synchronous commit becomes visible to other sessions only after its WAL is flushed (and
      // acknowledged by synchronous standbys, where configured), and with it every earlier batch
      // commit of this session: the partitions waiting on this mark start the next table only on
      // rows a crash can no longer lose.
      statement.execute("SET LOCAL synchronous_commit = on");
      PostgresCheckpoints.finish(open, id);
      open.commit();
    } catch (SQLException e) {
      throw failure(e, "marking " + display(id) + " finished");
    }
  }

  @Override
  public List<PartitionProgress> partitionCheckpoints(CheckpointId id) throws StoreException {
    Connection open = ready();
    try {
      List<PartitionProgress> partitions = PostgresCheckpoints.readPartitions(open, id);
      open.commit();
      return partitions;
    } catch (SQLException e) {
      throw failure(e, "reading the checkpoints of every partition of " + Identifiers.quote(id.schema()) + "."
          + Identifiers.quote(id.table()));
    }
  }

  @Override
  public void close() {
    session.close();
  }

  /** {@code INSERT INTO t (cols) OVERRIDING SYSTEM VALUE SELECT cols FROM staging ON CONFLICT (pk) DO NOTHING}. */
  static String mergeSql(TableShape table, String staging) {
    String columns = table.quotedColumnList();
    // OVERRIDING SYSTEM VALUE: identity columns GENERATED ALWAYS take the source's values too.
    return "INSERT INTO " + table.qualifiedName() + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT "
        + columns + " FROM " + staging + " ON CONFLICT (" + table.quotedKeyList() + ") DO NOTHING";
  }

  /** The connection, with the checkpoint schema in place. */
  private Connection ready() throws StoreException {
    Connection open = session.connection();
    if (!schemaReady) {
      try {
        PostgresCheckpoints.ensureSchema(open);
        schemaReady = true;
      } catch (SQLException e) {
        throw failure(e, "creating the checkpoint schema " + PostgresCheckpoints.SCHEMA
            + " (the target user needs CREATE on the database)");
      }
    }
    return open;
  }

  /**
   * The session's staging table for {@code table}: only the copied columns, with the target's types
   * and no constraints, so conversion errors name the column and the merge reports the rest.
   */
  private String staging(Connection open, TableShape table) throws StoreException {
    String existing = stagingByTable.get(table.qualifiedName());
    if (existing != null) {
      return existing;
    }
    String name = "pg_temp." + Identifiers.quote("cutover_staging_" + (stagingByTable.size() + 1));
    try (Statement statement = open.createStatement()) {
      statement.execute("CREATE TEMPORARY TABLE " + name + " ON COMMIT DELETE ROWS AS SELECT "
          + table.quotedColumnList() + " FROM " + table.qualifiedName() + " WITH NO DATA");
      open.commit();
    } catch (SQLException e) {
      session.rollback();
      throw failure(e, "creating a staging table for " + table.qualifiedName());
    }
    stagingByTable.put(table.qualifiedName(), name);
    return name;
  }

  /** Sets up each new connection; the staging tables of an earlier one went with it. */
  private void prepare(Connection opened) throws StoreException {
    stagingByTable.clear();
    try (Statement statement = opened.createStatement()) {
      // Batch commits need not wait for the disk: a batch and its checkpoint commit together, so a
      // crash loses both and the resume re-copies them. finish() commits synchronously, which
      // flushes every earlier commit, before a table is reported done.
      statement.execute("SET synchronous_commit = off");
      opened.setAutoCommit(false);
    } catch (SQLException e) {
      throw failure(e, "setting up the connection");
    }
  }

  /** A failure of {@code action}: transient ones drop the connection so the next call reconnects. */
  private StoreException failure(SQLException e, String action) {
    String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
    String message = connector.role() + ": " + action + ": " + PostgresErrors.message(e) + state;
    if (PostgresErrors.isTransient(e)) {
      session.reset();
      return StoreException.unavailable(message, null);
    }
    session.rollback();
    boolean badInput = PostgresErrors.isConfiguration(e) || e.getSQLState().startsWith("42");
    return new StoreException(badInput ? StoreException.Kind.BAD_INPUT : StoreException.Kind.UNAVAILABLE, message);
  }

  private static String display(CheckpointId id) {
    return Identifiers.quote(id.schema()) + "." + Identifiers.quote(id.table()) + " partition "
        + id.partition() + "/" + id.partitions();
  }
}
