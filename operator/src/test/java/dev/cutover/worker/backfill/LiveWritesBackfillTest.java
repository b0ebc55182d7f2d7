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

  private Backfill backfill(RowSource source, BackfillTarget target) throws StoreException {
    BackfillProgress progress = new BackfillProgress(
        new PrintStream(progressText, true, StandardCharsets.UTF_8), PartitionSlot.WHOLE, Duration.ofSeconds(5),
        System::nanoTime);
    return new Backfill("live", PartitionSlot.WHOLE, 5000, source, new PostgresRowsByKey(new PostgresConnector(
        PostgresDsn.parse(fixture.source.uri(), "CUTOVER_SOURCE_DSN"), FAST, "source")), target, FAST, progress);
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
