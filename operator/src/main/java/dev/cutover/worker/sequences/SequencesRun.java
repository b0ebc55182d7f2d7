package dev.cutover.worker.sequences;

import dev.cutover.api.MigrationSpec;
import dev.cutover.api.SequencesSpec;
import dev.cutover.api.StoreKind;
import dev.cutover.api.WorkerResult;
import dev.cutover.store.Retry;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.postgres.PostgresRowSource;
import dev.cutover.store.postgres.PostgresSequences;
import dev.cutover.store.postgres.PostgresSequences.Move;
import dev.cutover.store.postgres.PostgresSequences.Sequence;
import dev.cutover.worker.MigrationManifest;
import dev.cutover.worker.RowSources;
import dev.cutover.worker.TableShapes;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code cutover sequences --to target|source}: moves every sequence that feeds a migrated column on
 * the side that becomes the primary past every value either side has used, plus the headroom (see
 * docs/phases.md, "Sequences follow the primary"). All values are computed before the first
 * sequence moves, and the moves happen in one transaction on the {@code --to} side only.
 */
public final class SequencesRun {
  /** The side whose sequences move: the one that is about to become, or has just become, the primary. */
  public enum Side { SOURCE, TARGET }

  private final MigrationManifest manifest;
  private final Side to;
  private final Long headroomOverride;
  private final Map<String, String> env;
  private final PrintStream err;

  public SequencesRun(MigrationManifest manifest, Side to, Long headroomOverride, Map<String, String> env, PrintStream err) {
    this.manifest = manifest;
    this.to = to;
    this.headroomOverride = headroomOverride;
    this.env = env;
    this.err = err;
  }

  public void run(WorkerResult result) throws StoreException {
    MigrationSpec spec = manifest.spec();
    boolean postgresSource = spec.source.kind == StoreKind.POSTGRES;
    if (to == Side.SOURCE && !postgresSource) {
      throw StoreException.badInput("--to source needs a PostgreSQL source: a FoundationDB source has no sequences");
    }
    long headroom = headroom(spec);
    result.sequencesTo = to == Side.SOURCE ? "source" : "target";
    Retry retry = Retry.fromEnv(env);
    try (PostgresRowSource targetCatalog = PostgresRowSource.open(RowSources.targetConnector(env, retry));
        PostgresRowSource sourceCatalog = postgresSource ? PostgresRowSource.open(RowSources.sourceConnector(env, retry)) : null;
        PostgresSequences target = new PostgresSequences(RowSources.targetConnector(env, retry));
        PostgresSequences source = postgresSource ? new PostgresSequences(RowSources.sourceConnector(env, retry)) : null) {
      List<TableShape> tables = TableShapes.resolve(spec.tables, targetCatalog.catalog(), sourceCatalog);
      List<SequencePair> pairs = movable(FedColumns.pair(tables, source, target));
      PostgresSequences moving = to == Side.SOURCE ? source : target;
      List<Move> moves = new ArrayList<>();
      for (SequencePair pair : pairs) {
        moves.add(new Move(own(pair), valueFor(pair, source, target, headroom)));
      }
      List<Long> values = moves.isEmpty() ? List.of() : moving.move(moves);
      result.sequences = new ArrayList<>();
      for (int i = 0; i < pairs.size(); i++) {
        result.sequences.add(report(pairs.get(i), values.get(i)));
      }
      err.println("cutover sequences: moved " + pairs.size() + " sequences on the " + result.sequencesTo
          + " (headroom " + headroom + ")");
    }
  }

  private long headroom(MigrationSpec spec) throws StoreException {
    long headroom = headroomOverride != null ? headroomOverride
        : spec.sequences == null ? new SequencesSpec().headroom : spec.sequences.headroom;
    if (headroom < 0) {
      throw StoreException.badInput((headroomOverride != null ? "--headroom" : "spec.sequences.headroom")
          + " must not be negative, not " + headroom);
    }
    return headroom;
  }

  /**
   * The pairs whose {@code --to} side has a sequence to move. Moving to the target, every source
   * sequence needs its counterpart, or the application's first insert after the switch fails: that is
   * refused before anything moves. Moving back to the source (a rollback, which must not wait), a
   * column with a sequence on the target only is left alone: the source never had one, so the
   * application gave it ids itself before the migration.
   */
  private List<SequencePair> movable(List<SequencePair> pairs) throws StoreException {
    List<String> missing = new ArrayList<>();
    List<SequencePair> movable = new ArrayList<>();
    for (SequencePair pair : pairs) {
      if (own(pair) != null) {
        movable.add(pair);
      } else if (to == Side.TARGET) {
        missing.add("sequence " + pair.source().qualifiedName() + " feeds column \"" + pair.column() + "\" of table "
            + pair.table().qualifiedName() + " on the source, but that column has no sequence on the target");
      } else {
        err.println("cutover sequences: column \"" + pair.column() + "\" of table " + pair.table().qualifiedName()
            + " has sequence " + pair.target().qualifiedName() + " on the target and none on the source: not moved");
      }
    }
    if (!missing.isEmpty()) {
      missing.forEach(line -> err.println("cutover sequences: " + line));
      throw StoreException.badInput(String.join("; ", missing) + "; give the column a serial, identity or"
          + " nextval() default on the target before the switch (nothing was moved)");
    }
    return movable;
  }

  /**
   * Past every value used: the other side's sequence, the column's highest value on both sides, plus
   * the headroom. The {@code --to} sequence's own value is a floor (never backwards), not a base: a
   * re-run that finds nothing new leaves the sequence where the first run put it.
   */
  private long valueFor(SequencePair pair, PostgresSequences source, PostgresSequences target, long headroom)
      throws StoreException {
    Sequence other = to == Side.SOURCE ? pair.target() : pair.source();
    PostgresSequences otherSide = to == Side.SOURCE ? target : source;
    long used = Long.MIN_VALUE;
    if (other != null) {
      used = otherSide.lastValue(other);
    }
    used = max(used, target.maxOf(pair.table(), pair.column()));
    if (source != null) {
      used = max(used, source.maxOf(pair.table(), pair.column()));
    }
    PostgresSequences ownSide = to == Side.SOURCE ? source : target;
    long own = ownSide.lastValue(own(pair));
    long value = used == Long.MIN_VALUE ? own : Math.max(own, Math.addExact(used, headroom));
    err.println("cutover sequences: " + own(pair).qualifiedName() + " (" + pair.table().qualifiedName() + "."
        + "\"" + pair.column() + "\") on the " + side() + ": highest value used " + (used == Long.MIN_VALUE ? "none" : used)
        + ", own last value " + own + ", moving to " + value);
    return value;
  }

  private Sequence own(SequencePair pair) {
    return to == Side.SOURCE ? pair.source() : pair.target();
  }

  private String side() {
    return to == Side.SOURCE ? "source" : "target";
  }

  private static long max(long current, OptionalLong candidate) {
    return candidate.isPresent() ? Math.max(current, candidate.getAsLong()) : current;
  }

  private static WorkerResult.SequenceMove report(SequencePair pair, long value) {
    WorkerResult.SequenceMove move = new WorkerResult.SequenceMove();
    move.table = pair.tableName();
    move.column = pair.column();
    move.source = SequencePair.display(pair.source());
    move.target = SequencePair.display(pair.target());
    move.value = value;
    return move;
  }
}
