package dev.cutover.worker.backfill;

import dev.cutover.api.WorkerResult;
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

  /** Runs the backfill for {@code slot}, filling {@code result}; throws on the first failure. */
  public void run(Path manifestFile, PartitionSlot slot, WorkerResult result) throws StoreException {
    result.partition = slot.index();
    result.partitions = slot.count();
    MigrationManifest manifest = MigrationManifest.load(manifestFile);
    Retry retry = Retry.fromEnv(env);
    PostgresConnector targetConnector = RowSources.targetConnector(env, retry);
    try (RowSource source = RowSources.openSource(manifest.spec(), env, retry);
        SourceRows current = currentRows(manifest, source, retry);
        PostgresTarget target = PostgresTarget.open(targetConnector)) {
      List<TableShape> shapes = TableShapes.resolve(manifest.spec().tables, target.catalog(), source);
      int batchSize = manifest.spec().backfill == null ? 5000 : manifest.spec().backfill.batchSize;
      BackfillProgress progress = new BackfillProgress(err, slot, PROGRESS_INTERVAL, System::nanoTime);
      Backfill backfill = new Backfill(checkpointOwner(manifest.name(), env), slot, batchSize, source, current, target,
          retry, progress);
      for (TableShape shape : shapes) {
        Backfill.TableOutcome outcome = backfill.copy(shape);
        WorkerResult.Table table = new WorkerResult.Table();
        table.name = shape.name();
        table.rows = outcome.rows();
        table.durationMs = outcome.durationMs();
        table.caughtUpDeleted = nonZero(outcome.caughtUp().deleted());
        table.caughtUpInserted = nonZero(outcome.caughtUp().inserted());
        table.caughtUpOverwritten = nonZero(outcome.caughtUp().overwritten());
        result.tables.add(table);
      }
    }
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
