package dev.cutover.worker.verify;

import dev.cutover.api.WorkerExit;
import dev.cutover.api.MigrationSpec;
import dev.cutover.api.StoreKind;
import dev.cutover.api.TableVerification;
import dev.cutover.api.VerificationMode;
import dev.cutover.api.VerificationSpec;
import dev.cutover.api.WorkerResult;
import dev.cutover.store.Retry;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.foundationdb.FoundationDbRowSource;
import dev.cutover.store.postgres.PostgresBucketDigests;
import dev.cutover.store.postgres.PostgresConnector;
import dev.cutover.store.postgres.PostgresRowRewriter;
import dev.cutover.store.postgres.PostgresRowSource;
import dev.cutover.store.postgres.PostgresRowsByKey;
import dev.cutover.worker.MigrationManifest;
import dev.cutover.worker.RowSources;
import dev.cutover.worker.TableShapes;
import dev.cutover.worker.CommandRunner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cutover verify}: checks the spec's tables in both databases, compares them, optionally
 * repairs from the primary and compares again, and fills the worker result: per-table counts,
 * {@code ok} when the mismatches summed over tables are within {@code maxMismatches}, exit 1 when
 * they are not.
 */
public final class VerifyRun {
  /** The side a repair copies from: the one the application currently treats as the truth. */
  public enum Primary { SOURCE, TARGET }

  /** Set to {@code false} to stream every table to the worker instead of digesting it in the databases. */
  public static final String IN_DATABASE_ENV = "CUTOVER_VERIFY_IN_DATABASE";

  private final MigrationManifest manifest;
  private final Primary primary;
  private final boolean repair;
  private final Map<String, String> env;
  private final PrintStream err;

  public VerifyRun(MigrationManifest manifest, Primary primary, boolean repair, Map<String, String> env, PrintStream err) {
    this.manifest = manifest;
    this.primary = primary;
    this.repair = repair;
    this.env = env;
    this.err = err;
  }

  public void run(WorkerResult result) throws StoreException {
    MigrationSpec spec = manifest.spec();
    boolean postgresSource = spec.source.kind == StoreKind.POSTGRES;
    if (repair && primary == Primary.TARGET && !postgresSource) {
      throw StoreException.badInput("repair into FoundationDB is not supported: with --primary target the"
          + " repaired side is the source, which is FoundationDB; verify without --repair, or repair with"
          + " --primary source");
    }
    Retry retry = Retry.fromEnv(env);
    PostgresConnector targetConnector = RowSources.targetConnector(env, retry);
    VerificationSpec verification = spec.verification == null ? new VerificationSpec() : spec.verification;
    try (RowSource source = RowSources.openSource(spec, env, retry);
        PostgresRowSource target = PostgresRowSource.open(targetConnector);
        KeyedSides sides = new KeyedSides(spec, retry, targetConnector);
        Verifier verifier =
            new Verifier(settings(spec, verification), sides.confirmation(), sides.digests(), err, retry)) {
      List<TableShape> tables = TableShapes.resolve(spec.tables, target.catalog(), source);
      List<TableVerification> verified = verifier.verify(tables, source, target, repair ? sides.repair(primary) : null);
      report(verified, verification, result);
    }
  }

  static ComparisonSettings settings(MigrationSpec spec, VerificationSpec verification) throws StoreException {
    if (verification.mode == VerificationMode.SAMPLE && !(verification.sampleRate > 0 && verification.sampleRate <= 1)) {
      throw StoreException.badInput("spec.verification.sampleRate must be above 0 and at most 1, not "
          + verification.sampleRate);
    }
    if (verification.maxMismatches < 0) {
      throw StoreException.badInput("spec.verification.maxMismatches must not be negative, not "
          + verification.maxMismatches);
    }
    ComparisonSettings settings = ComparisonSettings.DEFAULT;
    if (verification.mode == VerificationMode.SAMPLE) {
      settings = settings.withSampleRate(verification.sampleRate);
    }
    if (spec.backfill != null && spec.backfill.batchSize > 0) {
      settings = settings.withBatchSize(spec.backfill.batchSize);
    }
    return settings;
  }

  private void report(List<TableVerification> verified, VerificationSpec verification, WorkerResult result) {
    long mismatches = 0;
    for (TableVerification table : verified) {
      WorkerResult.Table entry = new WorkerResult.Table();
      entry.name = table.name;
      entry.sourceRows = table.sourceRows;
      entry.targetRows = table.targetRows;
      entry.missingInTarget = table.missingInTarget;
      entry.missingInSource = table.missingInSource;
      entry.different = table.different;
      entry.repaired = repair ? table.repaired : null;
      entry.sampleKeys = table.sampleKeys.isEmpty() ? null : table.sampleKeys;
      result.tables.add(entry);
      mismatches += table.mismatches;
    }
    if (mismatches > verification.maxMismatches) {
      result.ok = false;
      result.exitCode = WorkerExit.MISMATCHES.code();
      result.error = mismatches + " mismatching rows" + (repair ? " after repair" : "") + ", more than"
          + " spec.verification.maxMismatches (" + verification.maxMismatches + "); the keys are listed on stderr";
    }
    err.println("cutover verify: " + mismatches + " mismatching rows in " + verified.size() + " tables"
        + (result.ok ? " (within maxMismatches " + verification.maxMismatches + ")" : ""));
  }

  /**
   * The connections that read and write by key (the confirmation of differences and a repair),
   * apart from the ones the comparison scans with (both run while a scan is open), closed with the run.
   */
  private final class KeyedSides implements AutoCloseable {
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final MigrationSpec spec;
    private final Retry retry;
    private final PostgresConnector targetConnector;

    KeyedSides(MigrationSpec spec, Retry retry, PostgresConnector targetConnector) {
      this.spec = spec;
      this.retry = retry;
      this.targetConnector = targetConnector;
    }

    Verifier.Confirmation confirmation() throws StoreException {
      RowsByKey targetRows = remember(new PostgresRowsByKey(targetConnector))::read;
      return new Verifier.Confirmation(sourceRows(), targetRows, ConfirmationSettings.fromEnv(env));
    }

    /** The source's rows by key, over a connection of their own. */
    private RowsByKey sourceRows() throws StoreException {
      if (spec.source.kind == StoreKind.POSTGRES) {
        return remember(new PostgresRowsByKey(RowSources.sourceConnector(env, retry)))::read;
      }
      RowSource reader = remember(RowSources.openSource(spec, env, retry));
      if (!(reader instanceof FoundationDbRowSource fdb)) {
        throw new IllegalStateException("a foundationdb source opened as " + reader.getClass().getSimpleName());
      }
      return new ScannedRowsByKey(fdb, fdb::rangeOf);
    }

    /**
     * Both PostgreSQL sides' digests over connections of their own, or null (a FoundationDB source, or
     * {@code CUTOVER_VERIFY_IN_DATABASE=false}): then every table is streamed to the worker.
     */
    DigestComparison.Sides digests() throws StoreException {
      if (spec.source.kind != StoreKind.POSTGRES || "false".equalsIgnoreCase(env.get(IN_DATABASE_ENV))) {
        return null;
      }
      return new DigestComparison.Sides(remember(new PostgresBucketDigests(RowSources.sourceConnector(env, retry))),
          remember(new PostgresBucketDigests(targetConnector)));
    }

    Verifier.Repair repair(Primary primary) throws StoreException {
      if (primary == Primary.TARGET) {
        PostgresRowRewriter sourceWriter = remember(new PostgresRowRewriter(RowSources.sourceConnector(env, retry)));
        return new Verifier.Repair(new Repairer(locking(targetConnector), sourceWriter::rewrite,
            Verifier.REPAIR_BATCH), "target");
      }
      PrimaryRows sourceRows = spec.source.kind == StoreKind.POSTGRES
          ? locking(RowSources.sourceConnector(env, retry))
          : PrimaryRows.unlocked(sourceRows());
      PostgresRowRewriter targetWriter = remember(new PostgresRowRewriter(targetConnector));
      return new Verifier.Repair(new Repairer(sourceRows, targetWriter::rewrite, Verifier.REPAIR_BATCH), "source");
    }

    /** A PostgreSQL primary whose rows stay locked ({@code FOR SHARE}) until the other side has committed them. */
    private PrimaryRows locking(PostgresConnector primary) {
      PostgresRowsByKey rows = remember(new PostgresRowsByKey(primary, notice -> err.println("cutover verify: " + notice)));
      return (table, keys, write) -> rows.readLocked(table, keys, write::rows);
    }

    private <T extends AutoCloseable> T remember(T resource) {
      opened.add(resource);
      return resource;
    }

    @Override
    public void close() throws StoreException {
      StoreException first = null;
      for (AutoCloseable resource : opened) {
        try {
          resource.close();
        } catch (Exception e) {
          first = first != null ? first : StoreException.unavailable("closing a repair connection failed", e);
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
