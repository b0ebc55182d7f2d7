package dev.cutover.worker.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import dev.cutover.api.FoundationDbTableSpec;
import dev.cutover.api.FoundationDbValueFormat;
import dev.cutover.api.TableSpec;
import dev.cutover.store.BackfillTarget;
import dev.cutover.store.Retry;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.foundationdb.FoundationDbRowSource;
import dev.cutover.store.foundationdb.InMemoryFdb;
import dev.cutover.store.foundationdb.ScanSettings;
import dev.cutover.store.postgres.PostgresConnector;
import dev.cutover.store.postgres.PostgresDsn;
import dev.cutover.store.postgres.PostgresTarget;
import dev.cutover.testing.TestPostgres;
import dev.cutover.worker.PartitionSlot;
import dev.cutover.worker.TableShapes;
import dev.cutover.worker.verify.FoundationDbSourceRows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FoundationDB rows (through the in-memory double of fdb-java's read transaction) copied by the
 * backfill into a real PostgreSQL: the COPY text the layout writes must be what PostgreSQL reads.
 */
class FoundationDbBackfillTest {
  private static final Retry FAST = new Retry(3, Duration.ofMillis(5), Duration.ofMillis(20));
  private static final Subspace ITEMS = new Subspace(Tuple.from("app", "order items"));
  private static final int ROWS = 1_200;

  private final TestPostgres.Database target = TestPostgres.createDatabase("fdb_dst");
  private final InMemoryFdb.SimulatedTicker clock = new InMemoryFdb.SimulatedTicker();
  private final InMemoryFdb fdb = new InMemoryFdb(clock);
  private List<byte[]> shardBoundaries = List.of();

  @BeforeEach
  void tables() {
    target.execute(
        "CREATE TYPE mood AS ENUM ('happy', 'sad')",
        "CREATE TABLE \"Order Items\" (region text, id bigint, qty integer, small smallint, price numeric(12,2),"
            + " ratio double precision, r real, ok boolean, note varchar(10), raw bytea, ref uuid, day date,"
            + " at timestamptz, local timestamp, tags text[], matrix integer[], doc jsonb, j json, status mood,"
            + " PRIMARY KEY (region, id))");
    for (int i = 0; i < ROWS; i++) {
      String region = i % 3 == 0 ? "eu" : i % 3 == 1 ? "us" : "ünï";
      String json = """
          {"qty": %d, "small": %d, "price": %d.25, "ratio": 0.1, "r": 1.5, "ok": %b, "note": "n%d",
           "raw": "%s", "ref": "%s", "day": "2024-02-29", "at": "2024-01-31T10:00:00.5+02:00",
           "local": 1706695200123, "tags": ["a,b", "q\\"u", null, "NULL", ""], "matrix": [[1, 2], [3, %d]],
           "doc": {"nested": {"k": [1, "x"]}, "i": %d}, "j": "text", "status": "happy", "ignored": true}"""
          .formatted(i, i % 2 == 0 ? -32768 : 32767, i, i % 2 == 0, i,
              Base64.getEncoder().encodeToString(new byte[] {(byte) i, 0, (byte) 0xff}), new UUID(0, i), i, i);
      fdb.put(ITEMS.pack(Tuple.from(region, (long) i)), json.getBytes(StandardCharsets.UTF_8));
    }
    fdb.put(ITEMS.pack(Tuple.from("edge", 1L)), "{}".getBytes(StandardCharsets.UTF_8));
    fdb.put(ITEMS.pack(Tuple.from("edge", 2L)), """
        {"note": "tab\\tnl\\n\\\\", "day": "-0043-03-15", "at": "-infinity", "price": "NaN", "ratio": "-Infinity",
         "tags": [], "doc": {}, "j": [1, {"a": null}], "raw": "\\\\x", "qty": "-2147483648"}""".getBytes(StandardCharsets.UTF_8));
  }

  private TableSpec spec() {
    TableSpec table = new TableSpec();
    table.name = "Order Items";
    table.primaryKey = List.of("region", "id");
    table.foundationdb = new FoundationDbTableSpec();
    table.foundationdb.keyPrefix = List.of("app", "order items");
    table.foundationdb.key = List.of("region", "id");
    table.foundationdb.value = FoundationDbValueFormat.JSON;
    return table;
  }

  private FoundationDbRowSource source() {
    return new FoundationDbRowSource(List.of(spec()), fdb.opener(), (begin, end) -> shardBoundaries,
        new ScanSettings(150, 2_000, 5, 10, 100, 10_000), clock, e -> false, () -> { });
  }

  private PostgresTarget postgres() throws StoreException {
    return PostgresTarget.open(new PostgresConnector(PostgresDsn.parse(target.uri(), "CUTOVER_TARGET_DSN"), FAST, "target"));
  }

  private Backfill backfill(PartitionSlot slot, FoundationDbRowSource source, BackfillTarget target) {
    BackfillProgress progress = new BackfillProgress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        slot, Duration.ofSeconds(5), System::nanoTime);
    return new Backfill("items", slot, 100, source, new FoundationDbSourceRows(source()), target, FAST, progress);
  }

  private TableShape shape() throws StoreException {
    try (PostgresTarget target = postgres()) {
      return target.catalog().resolveTarget(spec(), 0);
    }
  }

  private List<String> query(String sql) {
    List<String> rows = new ArrayList<>();
    try (Connection connection = target.connect(); Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      try (ResultSet result = statement.executeQuery(sql)) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= columns; i++) {
            row.append(i > 1 ? "|" : "").append(result.getString(i));
          }
          rows.add(row.toString());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private void assertEveryRowCopiedWithItsValues() {
    assertThat(query("SELECT count(*), count(DISTINCT (region, id)), sum(qty) FILTER (WHERE region <> 'edge') FROM \"Order Items\""))
        .containsExactly((ROWS + 2) + "|" + (ROWS + 2) + "|" + (long) ROWS * (ROWS - 1) / 2);
    assertThat(query("SELECT qty, small, price, ratio, r, ok, note, encode(raw, 'hex'), ref, day, at, local, tags,"
        + " matrix, doc, j, status FROM \"Order Items\" WHERE region = 'ünï' AND id = 5"))
        .containsExactly("5|32767|5.25|0.1|1.5|f|n5|0500ff|00000000-0000-0000-0000-000000000005|2024-02-29"
            + "|2024-01-31 08:00:00.5+00|2024-01-31 10:00:00.123|{\"a,b\",\"q\\\"u\",NULL,\"NULL\",\"\"}"
            + "|{{1,2},{3,5}}|{\"i\": 5, \"nested\": {\"k\": [1, \"x\"]}}|\"text\"|happy");
    assertThat(query("SELECT qty, note, day, at, price, ratio, tags, doc, j, raw = ''::bytea,"
        + " small IS NULL FROM \"Order Items\" WHERE region = 'edge' ORDER BY id"))
        .containsExactly(
            "null|null|null|null|null|null|null|null|null|null|t",
            "-2147483648|tab\tnl\n\\|0044-03-15 BC|-infinity|NaN|-Infinity|{}|{}|[1,{\"a\":null}]|t|t");
  }

  @Test
  void copiesEveryTypeIntoPostgresAndResumesAfterAKill() throws Exception {
    TableShape shape = shape();
    fdb.failRoundTrip(3, 1007);
    try (FoundationDbRowSource source = source(); PostgresTarget target = postgres()) {
      BackfillTarget dying = new BackfillTest.FailingTarget(target, 5, false, () -> {
        throw new IllegalStateException("killed");
      });
      assertThatThrownBy(() -> backfill(PartitionSlot.WHOLE, source, dying).copy(shape)).hasMessage("killed");
    }
    assertThat(query("SELECT count(*) FROM \"Order Items\"")).containsExactly("500");
    fdb.failRoundTrip(fdb.roundTrips() + 2, 1020);
    try (FoundationDbRowSource source = source(); PostgresTarget target = postgres()) {
      Backfill.TableOutcome outcome = backfill(PartitionSlot.WHOLE, source, target).copy(shape);
      assertThat(outcome.rows()).isEqualTo(ROWS + 2);
      // The rows copied in this run, and every row again in the catch-up's scan of the range.
      assertThat(source.ignoredFields(shape)).containsEntry("ignored", (long) ROWS - 498 + ROWS);
    }
    assertEveryRowCopiedWithItsValues();
  }

  @Test
  void writesMadeInFoundationDbAfterTheCopyAreCaughtUpFromTheCurrentRange() throws Exception {
    TableShape shape = shape();
    shardBoundaries = List.of(ITEMS.pack(Tuple.from("eu", 600L)), ITEMS.pack(Tuple.from("us")));
    byte[] deleted = ITEMS.pack(Tuple.from("ünï", 5L));
    byte[] updated = ITEMS.pack(Tuple.from("us", 901L));
    byte[] inserted = ITEMS.pack(Tuple.from("zz", 1L));
    // Between the copy of the second partition and its catch-up, writes whose mirrors found no row.
    BackfillHooks application = (moment, table) -> {
      if (moment == BackfillHooks.Moment.COPIED) {
        fdb.clear(deleted);
        fdb.put(updated, "{\"qty\": -1, \"note\": \"updated\"}".getBytes(StandardCharsets.UTF_8));
        fdb.put(inserted, "{\"qty\": 7, \"note\": \"inserted\"}".getBytes(StandardCharsets.UTF_8));
      }
    };
    for (int index = 0; index < 2; index++) {
      try (FoundationDbRowSource source = source(); PostgresTarget target = postgres()) {
        BackfillProgress progress = new BackfillProgress(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8), new PartitionSlot(index, 2), Duration.ofSeconds(5), System::nanoTime);
        new Backfill("items", new PartitionSlot(index, 2), 100, source, new FoundationDbSourceRows(source()), target,
            FAST, progress, index == 1 ? application : BackfillHooks.NONE).copy(shape);
      }
    }
    assertThat(query("SELECT count(*) FROM \"Order Items\" WHERE region = 'ünï' AND id = 5")).containsExactly("0");
    assertThat(query("SELECT qty, note FROM \"Order Items\" WHERE region = 'us' AND id = 901")).containsExactly("-1|updated");
    assertThat(query("SELECT qty, note FROM \"Order Items\" WHERE region = 'zz'")).containsExactly("7|inserted");
    assertThat(query("SELECT count(*) FROM \"Order Items\"")).containsExactly(String.valueOf(ROWS + 2));
    assertThat(query("SELECT sum(caught_up_deleted), sum(caught_up_inserted), sum(caught_up_overwritten)"
        + " FROM cutover.backfill_checkpoints")).containsExactly("1|1|1");
  }

  @Test
  void aLayoutThatDoesNotFitTheTargetTableStopsTheRunBeforeAnyRowMoves() throws Exception {
    TableSpec wrong = spec();
    wrong.foundationdb.key = List.of("id");
    FoundationDbRowSource source = new FoundationDbRowSource(List.of(wrong), fdb.opener(), (begin, end) -> List.of(),
        ScanSettings.defaults(), clock, e -> false, () -> { });
    try (PostgresTarget target = postgres()) {
      assertThatThrownBy(() -> TableShapes.resolve(List.of(wrong), target.catalog(), source))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_INPUT))
          .hasMessageContaining("foundationdb.key [id] must name exactly the primary-key columns [region, id]");
    }
    assertThat(fdb.roundTrips()).isZero();
  }

  @Test
  void partitionsOnShardBoundariesTogetherCopyEveryRowOnce() throws Exception {
    TableShape shape = shape();
    shardBoundaries = List.of(ITEMS.pack(Tuple.from("eu", 600L)), ITEMS.pack(Tuple.from("us")),
        ITEMS.pack(Tuple.from("us", 901L)), ITEMS.pack(Tuple.from("ünï", 2L)));
    for (int index = 0; index < 3; index++) {
      try (FoundationDbRowSource source = source(); PostgresTarget target = postgres()) {
        backfill(new PartitionSlot(index, 3), source, target).copy(shape);
      }
    }
    assertEveryRowCopiedWithItsValues();
    assertThat(query("SELECT count(*) FROM cutover.backfill_checkpoints WHERE finished")).containsExactly("3");
  }
}
