package dev.cutover.worker.backfill;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backfill while the application dual-writes as a production one does: it writes the source,
 * then mirrors the same plain statement to the target, where an UPDATE or DELETE of a row not
 * copied yet finds nothing. With repair off, the target must still end equal to the source.
 */
class LiveWritesBackfillTest {
  private static final Retry FAST = new Retry(3, Duration.ofMillis(5), Duration.ofMillis(20));
  private static final int ROWS = 200_000;
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
    fixture.both("CREATE TABLE items (id bigint PRIMARY KEY, name text, qty integer)");
    fixture.source.execute("INSERT INTO items SELECT 2 * i, 'item ' || i, i % 100 FROM generate_series(1, " + ROWS + ") i");
  }

  @Test
  void deletesUpdatesAndFailedInsertMirrorsMadeAMomentIntoTheCopyAreNotLost() throws Exception {
    // After the first batch is committed the copy's snapshot is taken and most rows are still to come.
    Runnable application = () -> {
      // 1,000 deletes of rows not copied yet: the mirrored DELETE finds nothing.
      fixture.source.execute("DELETE FROM items WHERE id > 300000 AND id <= 302000");
      fixture.target.execute("DELETE FROM items WHERE id > 300000 AND id <= 302000");
      // 1,000 updates of rows not copied yet: the mirrored UPDATE finds no row.
      fixture.source.execute("UPDATE items SET name = 'renamed', qty = -1 WHERE id > 200000 AND id <= 202000");
      fixture.target.execute("UPDATE items SET name = 'renamed', qty = -1 WHERE id > 200000 AND id <= 202000");
      // 1,000 inserts whose mirror failed (a foreign key, say): between existing keys and past the last one.
      fixture.source.execute("INSERT INTO items SELECT 2 * i + 1, 'odd ' || i, 7 FROM generate_series(150000, 150499) i",
          "INSERT INTO items SELECT i, 'new ' || i, 8 FROM generate_series(" + (2 * ROWS + 1) + ", " + (2 * ROWS + 500) + ") i");
    };
    try (PostgresRowSource source = source(); PostgresTarget target = target()) {
      BackfillTarget live = new BackfillTest.FailingTarget(target, 1, false, application);
      backfill(source, live).copy(shape());
    }

    assertThat(MigrationFixture.count(fixture.source, "SELECT count(*) FROM items")).isEqualTo(ROWS);
    MigrationFixture.assertSameRows(fixture.source, fixture.target, "items", "id");
  }

  @ParameterizedTest
  @EnumSource(BackfillHooks.Moment.class)
  void aDeleteAnUpdateAnInsertAndAReinsertRacingAPhaseOfTheBackfillEndEqual(BackfillHooks.Moment moment)
      throws Exception {
    fixture.source.execute("DELETE FROM items WHERE id > 40000");
    Application app = new Application();
    // Until the catch-up has compared a key, a mirrored insert of it can fail on what the backfill has
    // not written yet (a foreign key); once compared, the target holds everything it refers to, so
    // a failing mirror is no longer the backfill's doing (docs/backfill.md) and the insert is mirrored.
    boolean mirrorsFail = moment != BackfillHooks.Moment.CATCH_UP_COMPARED;
    BackfillHooks hooks = once(moment, () -> {
      for (long id : new long[] {400, 30000}) { // in the first batch and far beyond it
        app.mirrored("DELETE FROM items WHERE id = " + id);
        app.mirrored("UPDATE items SET name = 'updated', qty = -2 WHERE id = " + (id + 2));
        app.insert("INSERT INTO items VALUES (" + (id + 1) + ", 'inserted, mirror failed', 3)", mirrorsFail);
        app.mirrored("INSERT INTO items VALUES (" + (id + 3) + ", 'inserted', 4)");
        app.mirrored("DELETE FROM items WHERE id = " + (id + 4));
        app.mirrored("INSERT INTO items VALUES (" + (id + 4) + ", 'reinserted', 5)");
      }
      app.insert("INSERT INTO items VALUES (50001, 'past the last key, mirror failed', 6)", mirrorsFail);
    });

    try (PostgresRowSource source = source(); PostgresTarget target = target()) {
      Backfill.TableOutcome outcome = backfill(source, target, 1000, hooks).copy(shape());
      assertThat(outcome.skipped()).isFalse();
    }

    assertThat(app.ran).as("the application ran at " + moment).isTrue();
    MigrationFixture.assertSameRows(fixture.source, fixture.target, "items", "id");
  }

  @Test
  void anApplicationWritingThroughoutTheBackfillLeavesBothSidesEqual() throws Exception {
    fixture.source.execute("DELETE FROM items WHERE id > 60000");
    Application app = new Application();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer = new Thread(() -> app.writeRandomlyUntil(stop, 70000), "application");
    writer.start();
    try (PostgresRowSource source = source(); PostgresTarget target = target()) {
      backfill(source, target, 500, BackfillHooks.NONE).copy(shape());
    } finally {
      stop.set(true);
      writer.join();
    }
    assertThat(app.writes).as("application writes during the backfill").isGreaterThan(100);
    MigrationFixture.assertSameRows(fixture.source, fixture.target, "items", "id");
  }

  /** Runs {@code action} the first time the backfill reaches {@code moment}. */
  private static BackfillHooks once(BackfillHooks.Moment moment, Runnable action) {
    boolean[] done = {false};
    return (at, table) -> {
      if (at == moment && !done[0]) {
        done[0] = true;
        action.run();
      }
    };
  }

  /** An application that writes the source first and then mirrors the same plain statement to the target. */
  final class Application {
    volatile boolean ran;
    volatile long writes;

    void mirrored(String sql) {
      ran = true;
      fixture.source.execute(sql);
      try {
        fixture.target.execute(sql);
      } catch (IllegalStateException e) {
        // a mirror that fails (a duplicate key: the backfill was first) is logged and dropped
      }
    }

    /** An insert whose mirror fails when {@code mirrorFails}. */
    void insert(String sql, boolean mirrorFails) {
      if (mirrorFails) {
        ran = true;
        fixture.source.execute(sql);
      } else {
        mirrored(sql);
      }
    }

    /** Random single-row writes, each committed on the source and then mirrored, until told to stop. */
    void writeRandomlyUntil(java.util.concurrent.atomic.AtomicBoolean stop, int keys) {
      java.util.Random random = new java.util.Random(42);
      try (java.sql.Connection source = fixture.source.connect(); java.sql.Connection target = fixture.target.connect()) {
        while (!stop.get()) {
          long id = 1 + random.nextInt(keys);
          String sql = switch (random.nextInt(4)) {
            case 0 -> "DELETE FROM items WHERE id = " + id;
            case 1 -> "UPDATE items SET name = 'updated " + writes + "', qty = " + random.nextInt(1000) + " WHERE id = " + id;
            default -> "INSERT INTO items VALUES (" + id + ", 'inserted " + writes + "', 1)";
          };
          try (java.sql.Statement statement = source.createStatement()) {
            statement.execute(sql);
          } catch (java.sql.SQLException e) {
            continue; // a duplicate insert on the source: nothing to mirror
          }
          try (java.sql.Statement statement = target.createStatement()) {
            statement.execute(sql);
          } catch (java.sql.SQLException e) {
            // the mirror failed (a duplicate key); the application goes on
          }
          writes++;
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private Backfill backfill(RowSource source, BackfillTarget target) throws StoreException {
    return backfill(source, target, 5000, BackfillHooks.NONE);
  }

  private Backfill backfill(RowSource source, BackfillTarget target, int batchSize, BackfillHooks hooks)
      throws StoreException {
    BackfillProgress progress = new BackfillProgress(
        new PrintStream(progressText, true, StandardCharsets.UTF_8), PartitionSlot.WHOLE, Duration.ofSeconds(5),
        System::nanoTime);
    return new Backfill("live", PartitionSlot.WHOLE, batchSize, source, opened(new PostgresRowsByKey(new PostgresConnector(
        PostgresDsn.parse(fixture.source.uri(), "CUTOVER_SOURCE_DSN"), FAST, "source"))), target, FAST, progress, hooks);
  }

  private TableShape shape() throws StoreException {
    TableSpec spec = new TableSpec();
    spec.name = "items";
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
