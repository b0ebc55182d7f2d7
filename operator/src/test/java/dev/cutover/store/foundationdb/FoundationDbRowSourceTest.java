package dev.cutover.store.foundationdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.ByteArrayUtil;
import com.apple.foundationdb.tuple.Tuple;
import dev.cutover.api.FoundationDbTableSpec;
import dev.cutover.api.FoundationDbValueFormat;
import dev.cutover.api.TableSpec;
import dev.cutover.store.Column;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.RowBatch;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FoundationDbRowSourceTest {
  static final TableShape ORDERS = new TableShape("public", "orders", List.of(
      new Column("id", "bigint"), new Column("customer", "text"), new Column("total", "numeric(12,2)")), List.of("id"));
  static final Subspace SUBSPACE = new Subspace(Tuple.from("shop", "orders"));

  private final InMemoryFdb.SimulatedTicker clock = new InMemoryFdb.SimulatedTicker();
  private final InMemoryFdb fdb = new InMemoryFdb(clock);
  private List<byte[]> shardBoundaries = List.of();
  private final AtomicInteger closed = new AtomicInteger();

  static TableSpec ordersSpec() {
    TableSpec table = new TableSpec();
    table.name = "orders";
    table.primaryKey = List.of("id");
    table.foundationdb = new FoundationDbTableSpec();
    table.foundationdb.keyPrefix = List.of("shop", "orders");
    table.foundationdb.key = List.of("id");
    table.foundationdb.value = FoundationDbValueFormat.JSON;
    return table;
  }

  /** Rows with ids -count/2 .. count/2, plus rows of a neighbouring table that must never be read. */
  private List<String> fill(int count) {
    List<Long> ids = new ArrayList<>();
    for (long i = -count / 2; ids.size() < count; i++) {
      ids.add(i);
    }
    for (long id : ids) {
      String json = "{\"customer\": \"c" + id + "\", \"total\": " + id + ".5}";
      fdb.put(SUBSPACE.pack(Tuple.from(id)), json.getBytes(StandardCharsets.UTF_8));
    }
    fdb.put(Tuple.from("shop", "orderz", 1L).pack(), "{}".getBytes(StandardCharsets.UTF_8));
    fdb.put(Tuple.from("shop", "order", 1L).pack(), "{}".getBytes(StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (long id : ids) {
      lines.add(id + "\tc" + id + "\t" + id + ".5");
    }
    return lines;
  }

  private FoundationDbRowSource source(ScanSettings settings) {
    return new FoundationDbRowSource(List.of(ordersSpec()), fdb.opener(), (begin, end) -> shardBoundaries, settings, clock,
        e -> false, closed::incrementAndGet);
  }

  private static ScanSettings settings(int rowsPerRead, long transactionMillis) {
    return new ScanSettings(rowsPerRead, transactionMillis, 5, 100, 1_000, 10_000);
  }

  /** Everything a scan handed to its sink. */
  private static final class Collected {
    final List<String> lines = new ArrayList<>();
    final List<RowBatch> batches = new ArrayList<>();

    void accept(RowBatch batch) {
      batches.add(batch);
      String text = new String(batch.text(), 0, batch.length(), StandardCharsets.UTF_8);
      assertThat(text).endsWith("\n");
      lines.addAll(Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1)));
      assertThat(batch.rows()).isEqualTo(text.split("\n").length);
    }
  }

  private Collected scan(FoundationDbRowSource source, KeyRange range, Key after, int batchSize) throws StoreException {
    Collected collected = new Collected();
    source.scan(ORDERS, range, after, batchSize, collected::accept);
    return collected;
  }

  @Test
  void readsAllRowsInKeyOrderAcrossManyTransactions() throws Exception {
    List<String> expected = fill(1_000);
    fdb.readCost(100, 5);
    Collected collected = scan(source(settings(64, 1_000)), KeyRange.ALL, null, 100);
    assertThat(collected.lines).containsExactlyElementsOf(expected);
    assertThat(collected.batches).allSatisfy(batch -> assertThat(batch.rows()).isLessThanOrEqualTo(100));
    assertThat(collected.batches).hasSize(10);
    RowBatch last = collected.batches.get(collected.batches.size() - 1);
    assertThat(last.lastKey()).isEqualTo(Key.of("499"));
    assertThat(fdb.transactionsOpened()).isGreaterThan(3);
    assertThat(fdb.transactionsClosed()).isEqualTo(fdb.transactionsOpened());
    assertThat(clock.sleeps()).as("no read failed, so no retry waited").isEmpty();
  }

  @Test
  void tupleOrderPutsNegativeIntegersFirstWhateverTheirTextSorts() throws Exception {
    fill(6);
    Collected collected = scan(source(settings(2, 2_000)), KeyRange.ALL, null, 4);
    assertThat(collected.lines).extracting(line -> line.split("\t")[0]).containsExactly("-3", "-2", "-1", "0", "1", "2");
  }

  @Test
  void transactionTooOldMidScanResumesExactlyAfterTheLastKeyRead() throws Exception {
    List<String> expected = fill(300);
    fdb.failRoundTrip(4, 1007);
    FoundationDbRowSource source = source(settings(50, 2_000));
    Collected collected = scan(source, KeyRange.ALL, null, 70);
    assertThat(collected.lines).containsExactlyElementsOf(expected);
    assertThat(new HashSet<>(collected.lines)).hasSize(300);
    List<KeySelector> begins = fdb.rangeBegins();
    assertThat(begins).hasSize(8);
    assertThat(begins.get(4).getKey()).as("the failed read is asked again from the same place").isEqualTo(begins.get(3).getKey());
    assertThat(begins.get(3).getKey()).isEqualTo(SUBSPACE.pack(Tuple.from(-1L)));
    assertThat(begins.get(3).orEqual()).isTrue();
    assertThat(begins.get(3).getOffset()).isEqualTo(1);
    assertThat(clock.sleeps()).containsExactly(100L);
  }

  @Test
  void aSlowSinkNeverLetsATransactionReachFiveSeconds() throws Exception {
    List<String> expected = fill(200);
    Collected collected = new Collected();
    source(settings(20, 2_000)).scan(ORDERS, KeyRange.ALL, null, 20, batch -> {
      collected.accept(batch);
      clock.advance(3_000);
    });
    assertThat(collected.lines).containsExactlyElementsOf(expected);
    assertThat(clock.sleeps()).as("no transaction_too_old happened").isEmpty();
    assertThat(fdb.transactionsOpened()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void slowReadsCrossingFiveSecondsGetTransactionTooOldAndAreRetriedInANewTransaction() throws Exception {
    List<String> expected = fill(400);
    fdb.readCost(0, 40);
    Collected collected = scan(source(settings(50, 60_000)), KeyRange.ALL, null, 1_000);
    assertThat(collected.lines).containsExactlyElementsOf(expected);
    assertThat(clock.sleeps()).as("transaction_too_old was met and retried").isNotEmpty();
    assertThat(fdb.transactionsOpened()).isGreaterThan(1);
  }

  @Test
  void persistentErrorsAreRetriedWithBoundedBackoffThenUnavailable() {
    fill(10);
    fdb.failAllRoundTrips(1020);
    assertThatThrownBy(() -> scan(source(new ScanSettings(5, 2_000, 6, 100, 500, 10_000)), KeyRange.ALL, null, 5))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE))
        .hasMessageContaining("reading table \"public\".\"orders\"")
        .hasMessageContaining("failed 6 times in a row")
        .hasMessageContaining("FoundationDB error 1020");
    assertThat(clock.sleeps()).containsExactly(100L, 200L, 400L, 500L, 500L);
    assertThat(fdb.transactionsClosed()).isEqualTo(fdb.transactionsOpened());
  }

  @Test
  void errorsRetryingCannotFixFailAtOnce() {
    fill(10);
    fdb.failAllRoundTrips(2000);
    assertThatThrownBy(() -> scan(source(settings(5, 2_000)), KeyRange.ALL, null, 5))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE))
        .hasMessageContaining("error 2000").hasMessageContaining("retrying cannot fix");
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void theClientLibrarysOwnRetryableVerdictIsHonoured() throws Exception {
    List<String> expected = fill(10);
    fdb.failRoundTrip(2, 1234);
    Predicate<FDBException> nativeVerdict = e -> e.getCode() == 1234;
    FoundationDbRowSource source = new FoundationDbRowSource(List.of(ordersSpec()), fdb.opener(), (b, e) -> List.of(),
        settings(3, 2_000), clock, nativeVerdict, () -> { });
    assertThat(scan(source, KeyRange.ALL, null, 100).lines).containsExactlyElementsOf(expected);
  }

  @Test
  void occasionalErrorsDoNotAddUpToFailure() throws Exception {
    List<String> expected = fill(100);
    for (int roundTrip = 2; roundTrip < 60; roundTrip += 3) {
      fdb.failRoundTrip(roundTrip, 1020);
    }
    assertThat(scan(source(settings(5, 2_000)), KeyRange.ALL, null, 7).lines).containsExactlyElementsOf(expected);
  }

  @Test
  void resumesAfterACheckpointedKey() throws Exception {
    List<String> expected = fill(100);
    Collected first = new Collected();
    FoundationDbRowSource source = source(settings(10, 2_000));
    assertThatThrownBy(() -> source.scan(ORDERS, KeyRange.ALL, null, 30, batch -> {
      first.accept(batch);
      if (first.batches.size() == 2) {
        throw StoreException.unavailable("target went away", null);
      }
    })).hasMessageContaining("target went away");
    Key checkpoint = first.batches.get(1).lastKey();
    assertThat(checkpoint).isEqualTo(Key.of("9"));
    Collected rest = scan(source, KeyRange.ALL, checkpoint, 30);
    List<String> all = new ArrayList<>(first.lines);
    all.addAll(rest.lines);
    assertThat(all).containsExactlyElementsOf(expected);
    assertThat(scan(source, KeyRange.ALL, Key.of("49"), 30).lines).isEmpty();
    assertThat(scan(source, KeyRange.ALL, Key.of("1000"), 30).lines).isEmpty();
    assertThat(fdb.transactionsClosed()).isEqualTo(fdb.transactionsOpened());
  }

  @Test
  void partitionsFromShardBoundariesCoverEveryRowExactlyOnce() throws Exception {
    List<String> expected = fill(500);
    shardBoundaries = new ArrayList<>(List.of(
        Tuple.from("shop", "a").pack(),
        SUBSPACE.pack(Tuple.from(-200L)),
        SUBSPACE.pack(Tuple.from(-100L)),
        ByteArrayUtil.join(SUBSPACE.pack(Tuple.from(-7L)), new byte[] {0x01}),
        SUBSPACE.getKey(),
        SUBSPACE.pack(Tuple.from(0L)),
        SUBSPACE.pack(Tuple.from(0L)),
        ByteArrayUtil.join(SUBSPACE.getKey(), new byte[] {0x15}),
        SUBSPACE.pack(Tuple.from(120L)),
        SUBSPACE.pack(Tuple.from(240L)),
        Tuple.from("shop", "orderz").pack()));
    FoundationDbRowSource source = source(settings(16, 2_000));
    for (int n : new int[] {1, 2, 3, 4, 7, 8, 50}) {
      List<KeyRange> ranges = source.partitions(ORDERS, n);
      assertThat(ranges).hasSizeLessThanOrEqualTo(n);
      assertThat(ranges.get(0).from()).isNull();
      assertThat(ranges.get(ranges.size() - 1).to()).isNull();
      for (int i = 1; i < ranges.size(); i++) {
        assertThat(ranges.get(i).from()).isEqualTo(ranges.get(i - 1).to());
      }
      List<String> lines = new ArrayList<>();
      for (KeyRange range : ranges) {
        lines.addAll(scan(source, range, null, 64).lines);
      }
      assertThat(lines).as("%d partitions", n).containsExactlyElementsOf(expected);
    }
    assertThat(source.partitions(ORDERS, 1)).containsExactly(KeyRange.ALL);
    assertThat(source.partitions(ORDERS, 50)).as("7 distinct boundaries inside the table, so 8 shards").hasSize(8);
  }

  @Test
  void aPartitionResumesAfterItsCheckpointWithoutLeavingItsRange() throws Exception {
    fill(100);
    shardBoundaries = List.of(SUBSPACE.pack(Tuple.from(0L)), SUBSPACE.pack(Tuple.from(25L)));
    FoundationDbRowSource source = source(settings(16, 2_000));
    List<KeyRange> ranges = source.partitions(ORDERS, 3);
    assertThat(ranges).hasSize(3);
    assertThat(ranges.get(1).from().values().get(0)).startsWith(RawKey.MARKER);
    List<String> middle = scan(source, ranges.get(1), Key.of("10"), 4).lines;
    assertThat(middle).extracting(line -> line.split("\t")[0]).containsExactly(
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24");
    assertThat(scan(source, ranges.get(0), Key.of("30"), 4).lines).isEmpty();
  }

  @Test
  void shardBoundaryReadsAreRetried() throws Exception {
    fill(20);
    AtomicInteger calls = new AtomicInteger();
    FoundationDbRowSource source = new FoundationDbRowSource(List.of(ordersSpec()), fdb.opener(), (begin, end) -> {
      if (calls.incrementAndGet() < 3) {
        throw new CompletionException(new FDBException("transaction_too_old", 1007));
      }
      return List.of(SUBSPACE.pack(Tuple.from(0L)));
    }, settings(16, 2_000), clock, e -> false, () -> { });
    assertThat(source.partitions(ORDERS, 4)).hasSize(2);
    assertThat(calls).hasValue(3);
  }

  @Test
  void aRowThatDoesNotDecodeStopsTheScanAfterTheRowsBeforeIt() {
    fill(50);
    fdb.put(SUBSPACE.pack(Tuple.from(3L)), "{\"total\": \"lots\"}".getBytes(StandardCharsets.UTF_8));
    Collected collected = new Collected();
    assertThatThrownBy(() -> source(settings(10, 2_000)).scan(ORDERS, KeyRange.ALL, null, 5, collected::accept))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_INPUT))
        .hasMessageContaining("column total (numeric(12,2))")
        .hasMessageContaining("tuple (\"shop\", \"orders\", 3)");
    assertThat(collected.lines).hasSize(25);
    assertThat(collected.batches.get(collected.batches.size() - 1).lastKey()).isEqualTo(Key.of("-1"));
    assertThat(fdb.transactionsClosed()).isEqualTo(fdb.transactionsOpened());
  }

  @Test
  void rangeBoundsAndTablesTheSourceDidNotMakeAreBadInput() {
    fill(5);
    FoundationDbRowSource source = source(settings(10, 2_000));
    assertThatThrownBy(() -> scan(source, new KeyRange(Key.of("3"), null), null, 5))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_INPUT))
        .hasMessageContaining("not a FoundationDB partition bound");
    TableShape other = new TableShape("public", "customers", List.of(new Column("id", "bigint")), List.of("id"));
    assertThatThrownBy(() -> source.scan(other, KeyRange.ALL, null, 5, batch -> { }))
        .hasMessageContaining("\"public\".\"customers\" is not among spec.tables");
  }

  @Test
  void closingTheSourceClosesTheDatabase() throws Exception {
    source(settings(10, 2_000)).close();
    assertThat(closed).hasValue(1);
  }
}
