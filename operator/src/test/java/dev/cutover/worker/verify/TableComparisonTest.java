package dev.cutover.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.store.Column;
import dev.cutover.store.Retry;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TableComparisonTest {
  private static final TableShape TABLE = new TableShape("public", "accounts",
      List.of(new Column("id", "bigint"), new Column("name", "text"), new Column("balance", "numeric(12,2)")),
      List.of("id"));
  private static final ComparisonSettings SMALL = ComparisonSettings.DEFAULT.withBatchSize(7);
  private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor();
  private static final Retry QUICK_RETRY = new Retry(3, Duration.ofMillis(1), Duration.ofMillis(4));

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  @Test
  void identicalTablesInDifferentOrdersAndSpellingsAreEqual() throws Exception {
    MemoryRowSource source = rows(500);
    MemoryRowSource target = new MemoryRowSource();
    for (String[] row : source.rows) {
      target.add(String.valueOf(Long.parseLong(row[0])), row[1], row[2] + "0");
    }
    Collections.shuffle(target.rows, new Random(1));

    List<Difference> found = new ArrayList<>();
    TableComparison.RowCounts counts = compare(source, target, SMALL, found);

    assertThat(found).isEmpty();
    assertThat(counts).isEqualTo(new TableComparison.RowCounts(500, 500));
    assertThat(source.scans).as("no drill-down pass").isEqualTo(1);
  }

  @Test
  void namesEachMissingAndDifferentKey() throws Exception {
    MemoryRowSource source = rows(300);
    MemoryRowSource target = rows(300);
    target.rows.set(41, new String[] {"42", "name 42", "9.99"});
    target.rows.set(99, new String[] {"100", null, "100.00"});
    target.rows.removeIf(row -> row[0].equals("17"));
    target.add("1000", "extra", "1.00");

    List<Difference> found = new ArrayList<>();
    TableComparison.RowCounts counts = compare(source, target, SMALL, found);

    assertThat(found).extracting(d -> d.kind() + " " + d.key()).containsExactlyInAnyOrder(
        "MISSING_IN_TARGET (17)", "MISSING_IN_SOURCE (1000)", "DIFFERENT (42)", "DIFFERENT (100)");
    assertThat(counts).isEqualTo(new TableComparison.RowCounts(300, 300));
  }

  @Test
  void manyDifferencesAreDrilledInPassesThatFitTheBudget() throws Exception {
    MemoryRowSource source = rows(2000);
    MemoryRowSource target = new MemoryRowSource();
    for (String[] row : source.rows) {
      long id = Long.parseLong(row[0]);
      target.add(row[0], id % 3 == 0 ? "changed" : row[1], row[2]);
    }
    ComparisonSettings tight = new ComparisonSettings(64, 100, 50, 1.0);

    List<Difference> found = new ArrayList<>();
    compare(source, target, tight, found);

    assertThat(found).hasSize(2000 / 3).allMatch(d -> d.kind() == DifferenceKind.DIFFERENT);
    assertThat(found).extracting(d -> Long.parseLong(d.key().values().get(0)) % 3).containsOnly(0L);
    assertThat(source.scans).as("one digest pass and several drill passes").isGreaterThan(3);
  }

  @Test
  void anEmptyTargetListsEveryKeyWithoutHoldingThemInMemory() throws Exception {
    MemoryRowSource source = rows(1000);
    ComparisonSettings noRoom = new ComparisonSettings(16, 100, 1, 1.0);

    List<Difference> found = new ArrayList<>();
    compare(source, new MemoryRowSource(), noRoom, found);

    assertThat(found).hasSize(1000).allMatch(d -> d.kind() == DifferenceKind.MISSING_IN_TARGET);
    assertThat(source.scans).as("one-sided buckets need a single drill pass").isEqualTo(2);
  }

  @Test
  void aSampleKeepsTheSameKeysOnBothSides() throws Exception {
    MemoryRowSource source = rows(20_000);
    MemoryRowSource target = rows(20_000);
    Collections.reverse(target.rows);
    target.rows.remove(5);
    ComparisonSettings sample = ComparisonSettings.DEFAULT.withSampleRate(0.1);

    List<Difference> found = new ArrayList<>();
    TableComparison.RowCounts counts = compare(source, target, sample, found);

    assertThat(counts.source()).isBetween(1_800L, 2_200L);
    assertThat(counts.target()).isIn(counts.source(), counts.source() - 1);
    assertThat(found.size()).isEqualTo((int) (counts.source() - counts.target()));
  }

  @Test
  void aScanThatLosesItsStoreResumesAfterItsLastBatchAndSeesEveryRowOnce() throws Exception {
    MemoryRowSource source = rows(10_000);
    MemoryRowSource target = rows(10_000);
    target.failOnceAfterRows = 2_500;

    List<Difference> found = new ArrayList<>();
    TableComparison.RowCounts counts = compare(source, target, SMALL, found);

    assertThat(found).isEmpty();
    assertThat(counts.target()).isEqualTo(10_000);
    assertThat(target.scans).isEqualTo(2);
  }

  @Test
  void aFailureAfterTheStoresOwnRetriesIsNotResumed() {
    MemoryRowSource source = rows(100);
    MemoryRowSource target = rows(100);
    target.failAfterRows = StoreException.retriesSpent("read failed 10 times in a row", null);

    assertThatThrownBy(() -> compare(source, target, SMALL, new ArrayList<>()))
        .hasMessageContaining("read failed 10 times in a row");
    assertThat(target.scans).isEqualTo(1);
  }

  @Test
  void aFailingSideFailsTheComparison() {
    MemoryRowSource source = rows(10_000);
    MemoryRowSource target = rows(10_000);
    target.failAfterRows = StoreException.unavailable("target connection reset", null);

    assertThatThrownBy(() -> compare(source, target, SMALL, new ArrayList<>()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("target connection reset");
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsIsBadInputNamingTheSide() {
    MemoryRowSource source = rows(3);
    MemoryRowSource target = rows(3).add("4", "four");

    assertThatThrownBy(() -> compare(source, target, SMALL, new ArrayList<>()))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_INPUT))
        .hasMessageContaining("target table accounts: a row has 2 fields, expected 3");
  }

  static MemoryRowSource rows(int count) {
    MemoryRowSource rows = new MemoryRowSource();
    for (int id = 1; id <= count; id++) {
      rows.add(String.valueOf(id), "name " + id, id + ".00");
    }
    return rows;
  }

  private static TableComparison.RowCounts compare(
      MemoryRowSource source, MemoryRowSource target, ComparisonSettings settings, List<Difference> found)
      throws StoreException {
    return new TableComparison(TABLE, source, target, settings, EXECUTOR,
        label -> new ScanProgress(System.err, label, Long.MAX_VALUE / 4, System::nanoTime), QUICK_RETRY,
        new Transfer()).compare(found::add);
  }
}
