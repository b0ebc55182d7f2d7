package dev.cutover.worker.backfill;

import dev.cutover.api.WorkerResult;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.Retry;
import dev.cutover.store.RowSource;
import dev.cutover.store.SourceRows;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.foundationdb.FoundationDbRowSource;
import dev.cutover.store.postgres.PostgresConnector;
import dev.cutover.store.postgres.PostgresRowsByKey;
import dev.cutover.store.postgres.PostgresTarget;
import dev.cutover.worker.MigrationManifest;
import dev.cutover.worker.PartitionSlot;
import dev.cutover.worker.RowSources;
import dev.cutover.worker.TableShapes;
import dev.cutover.worker.verify.FoundationDbSourceRows;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code cutover backfill}: reads the manifest, opens both stores, resolves every table before any
 * row moves, then copies the tables in spec order and records each in the result.
 */
public final class BackfillWorker {
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private final Map<String, String> env;
  private final PrintStream err;

  public BackfillWorker(Map<String, String> env, PrintStream err) {
    this.env = env;
    this.err = err;
  }

  /**
   * Whose checkpoints this run reads and writes: the Migration, and the backfill run when the
   * operator gives one, so that a new run copies every table again instead of skipping the tables an
   * earlier run finished. Without it (a backfill run by hand), runs share checkpoints and resume.
   */
  static String checkpointOwner(String migration, Map<String, String> env) throws StoreException {
    String run = env.get(dev.cutover.api.CutoverConstants.ENV_BACKFILL_RUN);
    if (run == null || run.isBlank()) {
      return migration;
    }
    if (!run.matches("[0-9]{1,9}")) {
      throw StoreException.badInput(dev.cutover.api.CutoverConstants.ENV_BACKFILL_RUN
          + " must be a backfill run number (the operator sets it), got '" + run + "'");
    }
    return migration + "/run-" + run;
  }

  /**
   * Runs the backfill for {@code slot}, filling {@code result}; throws on the first failure, with the
   * table it failed in listed in the result as far as it was copied. With several partitions, each
   * table but the last is finished by every partition before this one starts the next
   * ({@link PartitionBarrier}).
   */
  public void run(Path manifestFile, PartitionSlot slot, WorkerResult result) throws StoreException {
    result.partition = slot.index();
    result.partitions = slot.count();
    MigrationManifest manifest = MigrationManifest.load(manifestFile);
    Retry retry = Retry.fromEnv(env);
    PartitionBarrier.Timing timing = PartitionBarrier.Timing.fromEnv(env);
    String owner = checkpointOwner(manifest.name(), env);
    PostgresConnector targetConnector = RowSources.targetConnector(env, retry);
    try (RowSource source = RowSources.openSource(manifest.spec(), env, retry);
        SourceRows current = currentRows(manifest, source, retry);
        PostgresTarget target = PostgresTarget.open(targetConnector)) {
      List<TableShape> shapes = TableShapes.resolve(manifest.spec().tables, target.catalog(), source);
      int batchSize = manifest.spec().backfill == null ? 5000 : manifest.spec().backfill.batchSize;
      BackfillProgress progress = new BackfillProgress(err, slot, PROGRESS_INTERVAL, System::nanoTime);
      Backfill backfill = new Backfill(owner, slot, batchSize, source, current, target, retry, progress);
      PartitionBarrier barrier = new PartitionBarrier(target, slot, timing, retry, err);
      for (int i = 0; i < shapes.size(); i++) {
        TableShape shape = shapes.get(i);
        copy(backfill, progress, shape, result);
        if (slot.count() > 1 && i + 1 < shapes.size()) {
          CheckpointId id = CheckpointId.of(owner, shape, slot.index(), slot.count());
          int ranges = target.partitionPlan(id, () -> source.partitions(shape, slot.count())).size();
          barrier.await(shape, id, ranges, shapes.get(i + 1));
        }
      }
    }
  }

  /** Copies this partition of one table into the result; a table that fails part-way is listed with the rows committed. */
  private static void copy(Backfill backfill, BackfillProgress progress, TableShape shape, WorkerResult result)
      throws StoreException {
    long start = System.nanoTime();
    try {
      Backfill.TableOutcome outcome = backfill.copy(shape);
      WorkerResult.Table table = table(shape, outcome.rows(), outcome.durationMs());
      table.caughtUpDeleted = nonZero(outcome.caughtUp().deleted());
      table.caughtUpInserted = nonZero(outcome.caughtUp().inserted());
      table.caughtUpOverwritten = nonZero(outcome.caughtUp().overwritten());
      result.tables.add(table);
    } catch (StoreException | RuntimeException e) {
      progress.rowsCommitted(shape)
          .ifPresent(rows -> result.tables.add(table(shape, rows, (System.nanoTime() - start) / 1_000_000)));
      throw e;
    }
  }

  private static WorkerResult.Table table(TableShape shape, long rows, long durationMs) {
    WorkerResult.Table table = new WorkerResult.Table();
    table.name = shape.name();
    table.rows = rows;
    table.durationMs = durationMs;
    return table;
  }

  /**
   * The source's current rows by key, for the catch-up, over connections of their own: a PostgreSQL
   * source's read {@code FOR SHARE}, a FoundationDB source's through a second reader.
   */
  private SourceRows currentRows(MigrationManifest manifest, RowSource scanned, Retry retry) throws StoreException {
    if (scanned instanceof FoundationDbRowSource) {
      RowSource reader = RowSources.openSource(manifest.spec(), env, retry);
      return new FoundationDbSourceRows((FoundationDbRowSource) reader);
    }
    return new PostgresRowsByKey(RowSources.sourceConnector(env, retry), notice -> err.println("backfill: " + notice));
  }

  private static Long nonZero(long count) {
    return count == 0 ? null : count;
  }
}
