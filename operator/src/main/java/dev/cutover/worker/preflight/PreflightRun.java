package dev.cutover.worker.preflight;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.MigrationSpec;
import dev.cutover.api.StoreKind;
import dev.cutover.api.WorkerExit;
import dev.cutover.api.WorkerResult;
import dev.cutover.store.Retry;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.postgres.PostgresRowSource;
import dev.cutover.store.postgres.PostgresSequences;
import dev.cutover.worker.MigrationManifest;
import dev.cutover.worker.RowSources;
import dev.cutover.worker.sequences.FedColumns;
import dev.cutover.worker.sequences.SequencePair;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cutover preflight}: checks everything the migration relies on before anything is written
 * anywhere, and lists every problem rather than the first: tables, columns and their types on both
 * sides ({@link TableCheck}), the sequences feeding migrated columns and their counterparts, the
 * checkpoint schema and the privileges of both users. It only reads catalogs; it writes nothing,
 * not even the checkpoint schema.
 */
public final class PreflightRun {
  /** The schema the backfill keeps its checkpoints in (see the README, "Backfill"). */
  static final String CHECKPOINT_SCHEMA = "cutover";

  private final MigrationManifest manifest;
  private final Map<String, String> env;
  private final PrintStream err;

  public PreflightRun(MigrationManifest manifest, Map<String, String> env, PrintStream err) {
    this.manifest = manifest;
    this.env = env;
    this.err = err;
  }

  public void run(WorkerResult result) throws StoreException {
    MigrationSpec spec = manifest.spec();
    boolean postgresSource = spec.source.kind == StoreKind.POSTGRES;
    Retry retry = Retry.fromEnv(env);
    Problems problems = new Problems();
    try (PostgresRowSource target = PostgresRowSource.open(RowSources.targetConnector(env, retry));
        PostgresRowSource source = postgresSource ? PostgresRowSource.open(RowSources.sourceConnector(env, retry)) : null;
        PostgresSequences targetSequences = new PostgresSequences(RowSources.targetConnector(env, retry));
        PostgresSequences sourceSequences =
            postgresSource ? new PostgresSequences(RowSources.sourceConnector(env, retry)) : null) {
      TableCheck check = new TableCheck(target, source, problems);
      List<TableShape> shapes = new ArrayList<>();
      for (int i = 0; i < spec.tables.size(); i++) {
        check.check(spec.tables.get(i), i).ifPresent(shapes::add);
      }
      result.sequences = checkSequences(shapes, sourceSequences, targetSequences, target, source, problems);
      if (!target.privileges().canWriteSchema(CHECKPOINT_SCHEMA)) {
        problems.add(null, null, "the target user may not create the checkpoint schema \"" + CHECKPOINT_SCHEMA
            + "\" (" + CutoverConstants.ENV_TARGET_DSN + "): GRANT CREATE ON DATABASE to it, or create the schema"
            + " and GRANT USAGE, CREATE ON SCHEMA " + CHECKPOINT_SCHEMA + " to it");
      }
    }
    report(problems, result);
  }

  private List<WorkerResult.SequenceMove> checkSequences(List<TableShape> shapes, PostgresSequences sourceSequences,
      PostgresSequences targetSequences, PostgresRowSource target, PostgresRowSource source, Problems problems)
      throws StoreException {
    List<WorkerResult.SequenceMove> found = new ArrayList<>();
    for (SequencePair pair : FedColumns.pair(shapes, sourceSequences, targetSequences)) {
      WorkerResult.SequenceMove entry = new WorkerResult.SequenceMove();
      entry.table = pair.tableName();
      entry.column = pair.column();
      entry.source = SequencePair.display(pair.source());
      entry.target = SequencePair.display(pair.target());
      found.add(entry);
      err.println("cutover preflight: column \"" + pair.column() + "\" of table " + pair.table().qualifiedName()
          + ": source sequence " + (entry.source == null ? "none" : entry.source)
          + ", target sequence " + (entry.target == null ? "none" : entry.target));
      if (pair.source() != null && pair.target() == null) {
        problems.add(pair.tableName(), pair.column(), "the source's sequence " + entry.source
            + " feeds this column, but the target's column has no sequence: the application's first insert"
            + " after the switch would fail; give it a serial, identity or nextval() default on the target");
      }
      if (pair.target() != null) {
        sequencePrivileges(target, pair.target(), pair, problems, "target");
      }
      if (pair.source() != null) {
        sequencePrivileges(source, pair.source(), pair, problems, "source");
      }
    }
    return found;
  }

  /** Moving a sequence at a switch needs SELECT (its last value) and UPDATE (setval). */
  private static void sequencePrivileges(PostgresRowSource side, PostgresSequences.Sequence sequence, SequencePair pair,
      Problems problems, String role) throws StoreException {
    List<String> missing = side.privileges().missingOnSequence(sequence.qualifiedName(), List.of("SELECT", "UPDATE"));
    if (!missing.isEmpty()) {
      problems.add(pair.tableName(), pair.column(), "the " + role + " user lacks " + String.join(", ", missing)
          + " on sequence " + sequence.qualifiedName() + ", which the switch moves; GRANT "
          + String.join(", ", missing) + " ON SEQUENCE " + sequence.qualifiedName() + " to it");
    }
  }

  private void report(Problems problems, WorkerResult result) {
    result.problems = problems.list();
    for (WorkerResult.Problem problem : result.problems) {
      err.println("cutover preflight: " + (problem.table == null ? "" : "table " + problem.table
          + (problem.column == null ? "" : " column " + problem.column) + ": ") + problem.message);
    }
    if (result.problems.isEmpty()) {
      err.println("cutover preflight: passed: " + manifest.spec().tables.size() + " tables, "
          + result.sequences.size() + " sequences");
      return;
    }
    result.ok = false;
    result.exitCode = WorkerExit.BAD_INPUT.code();
    result.error = "preflight refused the migration: " + result.problems.size() + " problems; the first: "
        + result.problems.get(0).message;
    err.println("cutover preflight: refused: " + result.problems.size() + " problems; nothing was written");
  }
}
