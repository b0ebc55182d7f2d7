package dev.cutover.worker.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.TableSpec;
import dev.cutover.store.BackfillCheckpoint;
import dev.cutover.store.BackfillTarget;
import dev.cutover.store.CatchUpCounts;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.PartitionProgress;
import dev.cutover.store.Retry;
import dev.cutover.store.RowBatch;
import dev.cutover.store.RowSource;
import dev.cutover.store.SourceRows;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.postgres.PostgresConnector;
import dev.cutover.store.postgres.PostgresDsn;
import dev.cutover.store.postgres.PostgresRowSource;
import dev.cutover.store.postgres.PostgresRowsByKey;
import dev.cutover.store.postgres.PostgresTarget;
import dev.cutover.testing.TestPostgres;
import dev.cutover.worker.PartitionSlot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillTest {
  private static final Retry FAST = new Retry(3, Duration.ofMillis(5), Duration.ofMillis(20));
  @TempDir Path dir;
  MigrationFixture fixture;
  final ByteArrayOutputStream progressText = new ByteArrayOutputStream();
  private final java.util.List<PostgresRowsByKey> sourceReaders = new java.util.ArrayList<>();

  /** Closes the catch-up's source connections, which would otherwise outlive the test. */
  @org.junit.jupiter.api.AfterEach
  void closeSourceReaders() {
    sourceReaders.forEach(PostgresRowsByKey::close);
  }

  private PostgresRowsByKey opened(PostgresRowsByKey reader) {
    sourceReaders.add(reader);
    return reader;
  }

  @BeforeEach
  void databases() {
    fixture = new MigrationFixture(dir);
    fixture.both("CREATE TABLE teas (shop int, id int, name text, pad text, PRIMARY KEY (shop, id))");
    fixture.source.execute(
        "INSERT INTO teas SELECT i % 3, i, 'tea ''' || i || E'\\\\', repeat('x', 200) FROM generate_series(1, 12000) i");
  }

  @Test
  void aRunKilledAfterSomeBatchesResumesWithNothingMissingAndNothingTwice() throws Exception {
    TableShape teas = shape();
    try (PostgresRowSource source = source(""); PostgresTarget target = target("")) {
      BackfillTarget dying = new FailingTarget(target, 4, false, () -> {
        throw new IllegalStateException("killed");
      });
      assertThatThrownBy(() -> backfill(source, dying).copy(teas)).hasMessage("killed");
    }
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM teas")).isEqualTo(4 * 500);

    try (PostgresRowSource source = source(""); PostgresTarget target = target("")) {
      Backfill.TableOutcome outcome = backfill(source, target).copy(teas);
      assertThat(outcome.rows()).isEqualTo(12000);
      assertThat(outcome.skipped()).isFalse();
    }

    assertSameAsSource();
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT rows_inserted FROM cutover.backfill_checkpoints WHERE finished")).isEqualTo(12000);
    assertThat(progress()).contains("resuming after 2000 rows copied earlier");
  }

  @Test
  void aTargetConnectionDroppedMidBatchIsReconnectedAndTheBatchCopiedOnce() throws Exception {
    try (PostgresRowSource source = source(""); PostgresTarget target = target("?application_name=doomed_target")) {
      BackfillTarget dropping = new FailingTarget(target, 3, false, () ->
          fixture.target.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = 'doomed_target'"));
      Backfill.TableOutcome outcome = backfill(source, dropping).copy(shape());
      assertThat(outcome.rows()).isEqualTo(12000);
    }
    assertSameAsSource();
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT rows_copied FROM cutover.backfill_checkpoints")).isEqualTo(12000);
    assertThat(progress()).contains("retry 1");
  }

  @Test
  void aSourceLostMidScanIsResumedFromTheCheckpoint() throws Exception {
    try (PostgresRowSource postgres = source(""); PostgresTarget target = target("")) {
      int[] batches = {0};
      RowSource flaky = new RowSource() {
        @Override
        public void scan(TableShape table, KeyRange range, Key after, int batchSize, BatchSink sink)
            throws StoreException {
          postgres.scan(table, range, after, batchSize, batch -> {
            if (++batches[0] == 3) {
              throw StoreException.unavailable("source: connection reset", null);
            }
            sink.accept(batch);
          });
        }

        @Override
        public List<KeyRange> partitions(TableShape table, int partitions) throws StoreException {
          return postgres.partitions(table, partitions);
        }

        @Override
        public void close() {}
      };
      backfill(flaky, target).copy(shape());
    }
    assertSameAsSource();
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT rows_copied FROM cutover.backfill_checkpoints")).isEqualTo(12000);
    assertThat(progress()).contains("source: connection reset; retry 1").contains("resuming after 1000 rows");
  }

  @Test
  void aTargetThatStaysDownFailsAfterTheBoundedAttempts() throws Exception {
    int[] attempts = {0};
    try (PostgresRowSource source = source(""); PostgresTarget target = target("")) {
      BackfillTarget down = new FailingTarget(target, 0, true, () -> {
        attempts[0]++;
        throw new UncheckedStore(StoreException.unavailable("target: connection refused", null));
      });
      assertThatThrownBy(() -> backfill(source, down).copy(shape()))
          .isInstanceOfSatisfying(StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    }
    assertThat(attempts[0]).isEqualTo(FAST.attempts());
  }

  private Backfill backfill(RowSource source, BackfillTarget target) throws StoreException {
    BackfillProgress progress = new BackfillProgress(
        new PrintStream(progressText, true, StandardCharsets.UTF_8), PartitionSlot.WHOLE, Duration.ofSeconds(5),
        System::nanoTime);
    return new Backfill("tea", PartitionSlot.WHOLE, 500, source, sourceRows(), target, FAST, progress);
  }

  /** The source's current rows by key, for the catch-up; closed with the test's databases. */
  private PostgresRowsByKey sourceRows() throws StoreException {
    return opened(new PostgresRowsByKey(new PostgresConnector(
        PostgresDsn.parse(fixture.source.uri(), "CUTOVER_SOURCE_DSN"), FAST, "source")));
  }

  private String progress() {
    return progressText.toString(StandardCharsets.UTF_8);
  }

  private TableShape shape() throws StoreException {
    TableSpec spec = new TableSpec();
    spec.name = "teas";
    spec.primaryKey = List.of("shop", "id");
    try (PostgresTarget target = target("")) {
      return target.catalog().resolveTarget(spec, 0);
    }
  }

  private PostgresRowSource source(String query) throws StoreException {
    return PostgresRowSource.open(new PostgresConnector(
        PostgresDsn.parse(fixture.source.uri() + query, "CUTOVER_SOURCE_DSN"), FAST, "source"));
  }

  private PostgresTarget target(String query) throws StoreException {
    return PostgresTarget.open(new PostgresConnector(
        PostgresDsn.parse(fixture.target.uri() + query, "CUTOVER_TARGET_DSN"), FAST, "target"));
  }

  private void assertSameAsSource() {
    assertThat(MigrationFixture.dump(fixture.target, "teas", "shop, id"))
        .isEqualTo(MigrationFixture.dump(fixture.source, "teas", "shop, id"));
  }

  /** Lets a store failure out of a {@link Runnable}. */
  static final class UncheckedStore extends RuntimeException {
    UncheckedStore(StoreException cause) {
      super(cause);
    }
  }

  /** A target that runs {@code trouble} before write number {@code afterWrites + 1}: once, or before every later write. */
  static final class FailingTarget implements BackfillTarget {
    private final BackfillTarget delegate;
    private final int afterWrites;
    private final boolean repeat;
    private final Runnable trouble;
    private int writes;
    private boolean fired;

    FailingTarget(BackfillTarget delegate, int afterWrites, boolean repeat, Runnable trouble) {
      this.delegate = delegate;
      this.afterWrites = afterWrites;
      this.repeat = repeat;
      this.trouble = trouble;
    }

    @Override
    public long write(TableShape table, RowBatch batch, CheckpointId id) throws StoreException {
      if (writes++ >= afterWrites && (repeat || !fired)) {
        fired = true;
        try {
          trouble.run();
        } catch (UncheckedStore e) {
          throw (StoreException) e.getCause();
        }
      }
      return delegate.write(table, batch, id);
    }

    @Override
    public BackfillCheckpoint checkpoint(CheckpointId id) throws StoreException {
      return delegate.checkpoint(id);
    }

    @Override
    public void copied(CheckpointId id) throws StoreException {
      delegate.copied(id);
    }

    @Override
    public RowBatch rows(TableShape table, KeyRange range, Key after, Key through, int limit) throws StoreException {
      return delegate.rows(table, range, after, through, limit);
    }

    @Override
    public boolean isAfter(TableShape table, Key a, Key b) throws StoreException {
      return delegate.isAfter(table, a, b);
    }

    @Override
    public CatchUpCounts catchUp(TableShape table, List<Key> keys, SourceRows source, CatchUpPlanner plan,
        CheckpointId id) throws StoreException {
      return delegate.catchUp(table, keys, source, plan, id);
    }

    @Override
    public void caughtUp(CheckpointId id, Key lastKey) throws StoreException {
      delegate.caughtUp(id, lastKey);
    }

    @Override
    public List<KeyRange> partitionPlan(CheckpointId id, Planner planner) throws StoreException {
      return delegate.partitionPlan(id, planner);
    }

    @Override
    public void finish(CheckpointId id) throws StoreException {
      delegate.finish(id);
    }

    @Override
    public List<PartitionProgress> partitionCheckpoints(CheckpointId id) throws StoreException {
      return delegate.partitionCheckpoints(id);
    }

    @Override
    public void close() throws StoreException {
      delegate.close();
    }
  }
}
