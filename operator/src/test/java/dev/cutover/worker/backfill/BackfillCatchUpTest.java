package dev.cutover.worker.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.TableSpec;
import dev.cutover.store.BackfillTarget;
import dev.cutover.store.Retry;
import dev.cutover.store.RowSource;
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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catch-up's checkpoints and foreign keys, and the fast path's look before it copies. */
class BackfillCatchUpTest {
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
  }

  @Test
  void aRunKilledDuringTheCatchUpResumesItWithoutCopyingAgain() throws Exception {
    fixture.both("CREATE TABLE items (id bigint PRIMARY KEY, name text)");
    fixture.source.execute("INSERT INTO items SELECT 2 * i, 'item ' || i FROM generate_series(1, 20000) i");
    int[] stretches = {0};
    BackfillHooks dying = (moment, table) -> {
      if (moment == BackfillHooks.Moment.BATCH_COPIED && stretches[0] == 0) {
        stretches[0] = -1;
        // On the source only, as if every mirror had found nothing.
        fixture.source.execute("DELETE FROM items WHERE id % 10 = 0", "UPDATE items SET name = 'new' WHERE id % 10 = 4",
            "INSERT INTO items SELECT 2 * i + 1, 'odd' FROM generate_series(1, 20000, 100) i");
      }
      if (moment == BackfillHooks.Moment.CATCH_UP_COMPARED && ++stretches[0] == 3) {
        throw new IllegalStateException("killed");
      }
    };
    try (PostgresRowSource source = source(); PostgresTarget target = target()) {
      assertThatThrownBy(() -> backfill(source, target, dying).copy(shape("items"))).hasMessage("killed");
    }
    // Two stretches of the catch-up were done, the third was not.
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM cutover.backfill_checkpoints"
        + " WHERE copied AND catch_up_key IS NOT NULL AND NOT finished")).isEqualTo(1);
    assertThat(MigrationFixture.count(fixture.target, "SELECT caught_up_deleted FROM cutover.backfill_checkpoints"))
        .isBetween(1L, 1999L);

    Backfill.TableOutcome outcome;
    try (PostgresRowSource source = source(); PostgresTarget target = target()) {
      outcome = backfill(source, target, BackfillHooks.NONE).copy(shape("items"));
    }

    MigrationFixture.assertSameRows(fixture.source, fixture.target, "items", "id");
    assertThat(outcome.rows()).as("rows copied, once").isEqualTo(20000);
    // Nothing was mirrored: every change after the snapshot is the catch-up's, counted over both runs.
    assertThat(outcome.caughtUp().deleted()).isEqualTo(4000);
    assertThat(outcome.caughtUp().overwritten()).isEqualTo(4000);
    assertThat(outcome.caughtUp().inserted()).isEqualTo(200);
    assertThat(progressText.toString(StandardCharsets.UTF_8))
        .contains("caught up: 4000 rows deleted, 200 inserted, 4000 overwritten");
  }

  @Test
  void aTargetConnectionDroppedDuringTheCatchUpIsReopenedAndTheCatchUpFinished() throws Exception {
    fixture.both("CREATE TABLE items (id bigint PRIMARY KEY, name text)");
    fixture.source.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 10000) i");
    long[] dropped = {0};
    int[] stretches = {0};
    BackfillHooks dropping = (moment, table) -> {
      if (moment == BackfillHooks.Moment.BATCH_COPIED && stretches[0] == 0) {
        stretches[0] = -1;
        fixture.source.execute("DELETE FROM items WHERE id % 7 = 0", "UPDATE items SET name = 'new' WHERE id % 7 = 1");
      }
      if (moment == BackfillHooks.Moment.CATCH_UP_COMPARED && ++stretches[0] == 2) {
        dropped[0] = MigrationFixture.count(fixture.target, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE application_name = 'doomed_catch_up'");
      }
    };
    try (PostgresRowSource source = source(); PostgresTarget target = PostgresTarget.open(new PostgresConnector(
        PostgresDsn.parse(fixture.target.uri() + "?application_name=doomed_catch_up", "CUTOVER_TARGET_DSN"), FAST,
        "target"))) {
      backfill(source, target, dropping).copy(shape("items"));
    }
    assertThat(dropped[0]).as("target sessions dropped").isEqualTo(1);
    MigrationFixture.assertSameRows(fixture.source, fixture.target, "items", "id");
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM cutover.backfill_checkpoints WHERE finished"))
        .isEqualTo(1);
  }

  @Test
  void aResumedCopyMeetsItsOwnRowsWithoutASingleDuplicateKeyError() throws Exception {
    fixture.both("CREATE TABLE items (id bigint PRIMARY KEY, name text)");
    fixture.source.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 20000) i");
    // Rows the application mirrored ahead of the copy, in the middle of batches still to come.
    fixture.source.execute("UPDATE items SET name = 'dual-written' WHERE id IN (6100, 13333)");
    fixture.target.execute("INSERT INTO items VALUES (6100, 'dual-written'), (13333, 'dual-written')");
    try (PostgresRowSource source = source(); PostgresTarget target = target()) {
      BackfillTarget dying = new BackfillTest.FailingTarget(target, 4, false, () -> {
        throw new IllegalStateException("killed");
      });
      assertThatThrownBy(() -> backfill(source, dying, BackfillHooks.NONE).copy(shape("items"))).hasMessage("killed");
    }
    // The copy committed 4 batches; pretend the kill came after the 5th batch's rows were in but
    // before its checkpoint, so the resumed run meets rows it already has.
    fixture.target.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(4001, 4500) i");
    TableShape items = shape("items"); // its catalog reads end with the session: a rollback, counted before
    long before = rollbacks(fixture.target);
    assertThat(duplicateKeyRollsBack()).as("the measure sees a failed statement").isEqualTo(before + 1);

    try (PostgresRowSource source = source(); PostgresTarget target = target()) {
      backfill(source, target, BackfillHooks.NONE).copy(items);
    }

    assertThat(rollbacks(fixture.target)).as("transactions rolled back in the target").isEqualTo(before + 1);
    MigrationFixture.assertSameRows(fixture.source, fixture.target, "items", "id");
  }

  @Test
  void aChildCopiedFromTheSnapshotWhoseParentWasDeletedSinceIsDroppedNotAnError() throws Exception {
    fixture.both("CREATE TABLE kinds (id int PRIMARY KEY, name text)",
        "CREATE TABLE teas (id int PRIMARY KEY, kind int NOT NULL REFERENCES kinds, name text)");
    fixture.source.execute("INSERT INTO kinds SELECT i, 'kind ' || i FROM generate_series(1, 100) i",
        "INSERT INTO teas SELECT i, 1 + i % 100, 'tea ' || i FROM generate_series(1, 5000) i");
    BackfillHooks application = (moment, table) -> {
      if (moment == BackfillHooks.Moment.BATCH_COPIED && table.name().equals("teas")
          && MigrationFixture.count(fixture.source, "SELECT count(*) FROM teas WHERE id = 4242") == 1) {
        // A tea not copied yet and then its kind, deleted by the application on both sides.
        for (String sql : List.of("DELETE FROM teas WHERE id = 4242", "DELETE FROM kinds WHERE id = 43")) {
          fixture.source.execute(sql.replace("kinds WHERE id = 43", "kinds WHERE id = 43 AND NOT EXISTS"
              + " (SELECT FROM teas WHERE kind = 43 AND id <> 4242)"));
          fixture.target.execute(sql.replace("kinds WHERE id = 43", "kinds WHERE id = 43 AND NOT EXISTS"
              + " (SELECT FROM teas WHERE kind = 43 AND id <> 4242)"));
        }
      }
    };
    // Kind 43 is referred to by teas 42, 142, ...: move those to kind 44 first, leaving 4242 its only tea.
    fixture.source.execute("UPDATE teas SET kind = 44 WHERE kind = 43 AND id <> 4242");
    try (PostgresRowSource source = source(); PostgresTarget target = target()) {
      Backfill backfill = backfill(source, target, application);
      backfill.copy(shape("kinds"));
      backfill.copy(shape("teas"));
    }

    assertThat(MigrationFixture.count(fixture.source, "SELECT count(*) FROM kinds WHERE id = 43")).isZero();
    MigrationFixture.assertSameRows(fixture.source, fixture.target, "kinds", "id");
    MigrationFixture.assertSameRows(fixture.source, fixture.target, "teas", "id");
  }

  @Test
  void aChildWhoseParentTheTargetLacksEvenNowIsExit2NamingTableKeyAndConstraint() {
    fixture.both("CREATE TABLE kinds (id int PRIMARY KEY)",
        "CREATE TABLE teas (id int PRIMARY KEY, kind int CONSTRAINT tea_kind REFERENCES kinds, name text)");
    fixture.source.execute("INSERT INTO kinds VALUES (1), (2)", "INSERT INTO teas VALUES (1, 1, 'a'), (2, 2, 'b')");
    fixture.target.execute("INSERT INTO kinds VALUES (1)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");

    MigrationFixture.Run run = fixture.backfill();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"public\".\"teas\"").contains("tea_kind").contains("(kind)=(2)")
        .contains("spec.tables is the copy order");
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM teas")).isZero();
  }

  /** Transactions rolled back in {@code db} so far, once every other session's statistics are in. */
  private static long rollbacks(TestPostgres.Database db) throws Exception {
    long last = -1;
    for (int stable = 0; stable < 3; ) {
      Thread.sleep(200); // other backends report their statistics when they exit, a moment after closing
      long now = MigrationFixture.count(db, "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()");
      stable = now == last ? stable + 1 : 0;
      last = now;
    }
    return last;
  }

  /** One duplicate-key error in the target, to show that {@link #rollbacks} counts it. */
  private long duplicateKeyRollsBack() throws Exception {
    try (Connection connection = fixture.target.connect(); Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO items VALUES (1, 'dup')");
    } catch (java.sql.SQLException expected) {
      assertThat(expected.getSQLState()).isEqualTo("23505");
    }
    return rollbacks(fixture.target);
  }

  private Backfill backfill(RowSource source, BackfillTarget target, BackfillHooks hooks) throws StoreException {
    BackfillProgress progress = new BackfillProgress(
        new PrintStream(progressText, true, StandardCharsets.UTF_8), PartitionSlot.WHOLE, Duration.ofSeconds(5),
        System::nanoTime);
    return new Backfill("catchup", PartitionSlot.WHOLE, 1000, source, opened(new PostgresRowsByKey(new PostgresConnector(
        PostgresDsn.parse(fixture.source.uri(), "CUTOVER_SOURCE_DSN"), FAST, "source"))), target, FAST, progress, hooks);
  }

  private TableShape shape(String name) throws StoreException {
    TableSpec spec = new TableSpec();
    spec.name = name;
    spec.primaryKey = List.of("id");
    try (PostgresTarget target = target()) {
      return target.catalog().resolveTarget(spec, 0);
    }
  }

  private PostgresRowSource source() throws StoreException {
    return PostgresRowSource.open(new PostgresConnector(
        PostgresDsn.parse(fixture.source.uri(), "CUTOVER_SOURCE_DSN"), FAST, "source"));
  }

  private PostgresTarget target() throws StoreException {
    return PostgresTarget.open(new PostgresConnector(
        PostgresDsn.parse(fixture.target.uri(), "CUTOVER_TARGET_DSN"), FAST, "target"));
  }
}
