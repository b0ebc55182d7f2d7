package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.BackfillCheckpoint;
import dev.cutover.store.BackfillTarget;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.KeyRange;
import dev.cutover.store.PartitionProgress;
import dev.cutover.store.RowBatch;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The PostgreSQL target of a backfill. A batch and its checkpoint are written in one transaction.
 * The batch goes by {@code COPY} straight into the table; if any of its keys is already there
 * (a row the application dual-wrote, or one an earlier attempt copied), that fails as a whole with
 * a unique violation and the batch is merged instead: {@code COPY} into a temporary staging table
 * (emptied at every commit), then {@code INSERT ... SELECT ... ON CONFLICT (pk) DO NOTHING}. Either
 * way a row already in the target is never overwritten by the older copy, and a re-run inserts
 * nothing twice.
 *
 * <p>A lost connection rolls the transaction back on the server; the call fails with UNAVAILABLE
 * and the next one reconnects, so the caller re-copies the batch from the last checkpoint.
 */
public final class PostgresTarget implements BackfillTarget {
  private final PostgresConnector connector;
  /** After a batch meets rows already in the target, this many batches of that table are merged. */
  static final int MERGE_AFTER_CONFLICT = 8;
  private static final String UNIQUE_VIOLATION = "23505";

  private final Map<String, String> stagingByTable = new HashMap<>();
  /** Per table: batches left to merge before trying a plain COPY into the table again. */
  private final Map<String, Integer> mergeOnly = new HashMap<>();
  private final PostgresSession session;
  private boolean schemaReady;

  public PostgresTarget(PostgresConnector connector) {
    this.connector = connector;
    this.session = new PostgresSession(connector, this::prepare);
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
    if (mergeOnly.getOrDefault(table.qualifiedName(), 0) > 0) {
      mergeOnly.merge(table.qualifiedName(), -1, Integer::sum);
      return merge(open, table, batch, id);
    }
    try {
      copy(open, table.qualifiedName(), table, batch);
      PostgresCheckpoints.advance(open, id, batch.lastKey(), batch.rows(), batch.rows());
      open.commit();
      return batch.rows();
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new CopyFailure(table, batch, connector.role()).explain(e, this::failure);
      }
      if (!session.rollback()) {
        throw StoreException.unavailable(connector.role() + ": the connection broke while writing into "
            + table.qualifiedName() + " up to key " + batch.lastKey(), null);
      }
    }
    // Some keys of the batch are already there (dual-written, or copied by an earlier attempt):
    // merge this batch and the next few, then try the direct path again.
    mergeOnly.put(table.qualifiedName(), MERGE_AFTER_CONFLICT);
    return merge(open, table, batch, id);
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
      throw new CopyFailure(table, batch, connector.role()).explain(e, this::failure);
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
