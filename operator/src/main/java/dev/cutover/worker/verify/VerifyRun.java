package dev.cutover.worker.verify;

import dev.cutover.api.CutoverConstants;
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
import dev.cutover.store.postgres.PostgresCatalog;
import dev.cutover.store.postgres.PostgresConnector;
import dev.cutover.store.postgres.PostgresDsn;
import dev.cutover.store.postgres.PostgresRowRewriter;
import dev.cutover.store.postgres.PostgresRowSource;
import dev.cutover.store.postgres.PostgresRowsByKey;
import dev.cutover.worker.MigrationManifest;
import dev.cutover.worker.WorkerRun;
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
    boolean fdbSource = spec.source.kind == StoreKind.FOUNDATIONDB;
    if (repair && primary == Primary.TARGET && fdbSource) {
      throw StoreException.badInput("repair into FoundationDB is not supported: with --primary target the"
          + " repaired side is the source, which is FoundationDB; verify without --repair, or repair with"
          + " --primary source");
    }
    if (fdbSource) {
      throw StoreException.badInput("spec.source.kind foundationdb: this build of cutover verify reads"
          + " PostgreSQL sources only");
    }
    Retry retry = Retry.fromEnv(env);
    PostgresConnector targetConnector = connector(CutoverConstants.ENV_TARGET_DSN, retry, "target");
    PostgresConnector sourceConnector = connector(CutoverConstants.ENV_SOURCE_DSN, retry, "source");
    VerificationSpec verification = spec.verification == null ? new VerificationSpec() : spec.verification;
    try (PostgresRowSource target = PostgresRowSource.open(targetConnector);
        PostgresRowSource source = PostgresRowSource.open(sourceConnector);
        Verifier verifier = new Verifier(settings(spec, verification), err);
        RepairSides sides = repair ? new RepairSides(sourceConnector, targetConnector) : null) {
      List<TableShape> tables = resolveTables(spec, target.catalog(), source.catalog());
      List<TableVerification> verified = verifier.verify(tables, source, target,
          sides == null ? null : sides.repair(primary));
      report(verified, verification, result);
    }
  }

  private PostgresConnector connector(String envVar, Retry retry, String role) throws StoreException {
    return new PostgresConnector(PostgresDsn.fromEnv(env, envVar), retry, role);
  }

  private static List<TableShape> resolveTables(MigrationSpec spec, PostgresCatalog target, PostgresCatalog source)
      throws StoreException {
    List<TableShape> tables = new ArrayList<>();
    for (int i = 0; i < spec.tables.size(); i++) {
      TableShape shape = target.resolveTarget(spec.tables.get(i), i);
      source.checkSource(shape, i);
      tables.add(shape);
    }
    return tables;
  }

  static ComparisonSettings settings(MigrationSpec spec, VerificationSpec verification) {
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
      result.exitCode = WorkerRun.EXIT_MISMATCHES;
      result.error = mismatches + " mismatching rows" + (repair ? " after repair" : "") + ", more than"
          + " spec.verification.maxMismatches (" + verification.maxMismatches + "); the keys are listed on stderr";
    }
    err.println("cutover verify: " + mismatches + " mismatching rows in " + verified.size() + " tables"
        + (result.ok ? " (within maxMismatches " + verification.maxMismatches + ")" : ""));
  }

  /** The connections a repair reads and writes through, closed with the run. */
  private static final class RepairSides implements AutoCloseable {
    private final PostgresRowsByKey sourceRows;
    private final PostgresRowsByKey targetRows;
    private final PostgresRowRewriter sourceWriter;
    private final PostgresRowRewriter targetWriter;

    RepairSides(PostgresConnector source, PostgresConnector target) {
      sourceRows = new PostgresRowsByKey(source);
      targetRows = new PostgresRowsByKey(target);
      sourceWriter = new PostgresRowRewriter(source);
      targetWriter = new PostgresRowRewriter(target);
    }

    Verifier.Repair repair(Primary primary) {
      Repairer repairer = primary == Primary.SOURCE
          ? new Repairer(sourceRows::read, targetWriter::rewrite, Verifier.REPAIR_BATCH)
          : new Repairer(targetRows::read, sourceWriter::rewrite, Verifier.REPAIR_BATCH);
      return new Verifier.Repair(repairer, primary == Primary.SOURCE ? "source" : "target");
    }

    @Override
    public void close() {
      sourceRows.close();
      targetRows.close();
      sourceWriter.close();
      targetWriter.close();
    }
  }
}
