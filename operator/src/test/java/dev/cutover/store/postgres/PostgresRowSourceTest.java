package dev.cutover.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.store.Column;
import dev.cutover.store.CopyText;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.Retry;
import dev.cutover.store.RowBatch;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresRowSourceTest {
  private static final List<String> AWKWARD_NAMES = List.of(
      "plain", "it's", "back\\slash", "\\'", "ünïcødé", "日本", "🔑key", "tab\tkey", "", "'; DROP TABLE x; --");

  private static TestPostgres.Database db;
  private static PostgresRowSource source;

  private static final TableShape WORDS = new TableShape("Mixed Schema", "Wörter \"list\"".replace("\"", ""),
      List.of(new Column("name", "text"), new Column("n", "integer")), List.of("name"));
  private static final TableShape PAIRS = new TableShape("public", "pairs",
      List.of(new Column("a", "integer"), new Column("b", "text"), new Column("v", "text")), List.of("a", "b"));

  @BeforeAll
  static void createTables() throws Exception {
    db = TestPostgres.createDatabase("rowsource");
    db.execute(
        "CREATE SCHEMA \"Mixed Schema\"",
        "CREATE TABLE \"Mixed Schema\".\"Wörter list\" (name text PRIMARY KEY, n integer)",
        "CREATE TABLE pairs (a integer, b text, v text, PRIMARY KEY (a, b))",
        "INSERT INTO pairs SELECT i % 7, 'k' || (i / 7), 'v' || i FROM generate_series(1, 100) i");
    try (var connection = db.connect();
        var insert = connection.prepareStatement("INSERT INTO \"Mixed Schema\".\"Wörter list\" VALUES (?, ?)")) {
      for (int i = 0; i < AWKWARD_NAMES.size(); i++) {
        insert.setString(1, AWKWARD_NAMES.get(i));
        insert.setInt(2, i);
        insert.executeUpdate();
      }
    }
    source = PostgresRowSource.open(connector(db.uri()));
  }

  @AfterAll
  static void close() {
    source.close();
  }

  static PostgresConnector connector(String uri) throws StoreException {
    return new PostgresConnector(
        PostgresDsn.parse(uri, "CUTOVER_SOURCE_DSN"), new Retry(2, Duration.ofMillis(10), Duration.ofMillis(20)),
        "source");
  }

  @Test
  void streamsEveryRowInKeyOrderInBatchesEndingWithTheLastKey() throws Exception {
    List<RowBatch> batches = new ArrayList<>();
    source.scan(WORDS, KeyRange.ALL, null, 3, batches::add);

    assertThat(batches).extracting(RowBatch::rows).containsExactly(3, 3, 3, 1);
    List<String[]> rows = rows(batches);
    assertThat(rows).hasSize(AWKWARD_NAMES.size());
    for (RowBatch batch : batches) {
      List<String[]> own = rows(List.of(batch));
      assertThat(batch.lastKey()).isEqualTo(Key.of(own.get(own.size() - 1)[0]));
    }
    assertThat(rows.stream().map(r -> r[0]).toList())
        .containsExactlyInAnyOrderElementsOf(AWKWARD_NAMES)
        .isEqualTo(serverOrder());
  }

  @Test
  void resumesAfterAnyKeyHoweverItIsWritten() throws Exception {
    List<String> ordered = serverOrder();
    for (int i = 0; i < ordered.size(); i++) {
      List<RowBatch> batches = new ArrayList<>();
      source.scan(WORDS, KeyRange.ALL, Key.of(ordered.get(i)), 100, batches::add);
      assertThat(rows(batches).stream().map(r -> r[0]).toList())
          .as("after %s", ordered.get(i))
          .isEqualTo(ordered.subList(i + 1, ordered.size()));
    }
  }

  @Test
  void resumesAfterACompositeKey() throws Exception {
    List<RowBatch> batches = new ArrayList<>();
    source.scan(PAIRS, KeyRange.ALL, Key.of("3", "k5"), 1000, batches::add);
    List<String[]> rows = rows(batches);
    assertThat(rows.get(0)).containsExactly("3", "k6", "v45");
    assertThat(rows).allSatisfy(r -> assertThat(Integer.parseInt(r[0]) > 3
        || (r[0].equals("3") && r[1].compareTo("k5") > 0)).isTrue());
  }

  @Test
  void partitionsCoverEveryRowExactlyOnce() throws Exception {
    for (int partitions : new int[] {1, 3, 7}) {
      List<KeyRange> ranges = source.partitions(PAIRS, partitions);
      assertThat(ranges).hasSizeBetween(1, partitions);
      assertThat(ranges.get(0).from()).isNull();
      assertThat(ranges.get(ranges.size() - 1).to()).isNull();
      for (int i = 1; i < ranges.size(); i++) {
        assertThat(ranges.get(i).from()).isEqualTo(ranges.get(i - 1).to());
      }
      List<String> seen = new ArrayList<>();
      for (KeyRange range : ranges) {
        List<RowBatch> batches = new ArrayList<>();
        source.scan(PAIRS, range, null, 10, batches::add);
        rows(batches).forEach(r -> seen.add(r[0] + "/" + r[1]));
        if (partitions > 1) {
          assertThat(batches).as("range %s of %d", range, partitions).isNotEmpty();
        }
      }
      assertThat(seen).hasSize(100);
      assertThat(new HashSet<>(seen)).hasSize(100);
    }
  }

  @Test
  void aSmallTableGetsFewerPartitionsThanAsked() throws Exception {
    db.execute("CREATE TABLE tiny (id integer PRIMARY KEY)", "INSERT INTO tiny VALUES (1), (2)");
    TableShape tiny = new TableShape("public", "tiny", List.of(new Column("id", "integer")), List.of("id"));
    List<KeyRange> ranges = source.partitions(tiny, 5);
    assertThat(ranges).hasSize(2);
    Set<String> seen = new HashSet<>();
    for (KeyRange range : ranges) {
      source.scan(tiny, range, null, 10, batch -> rows(List.of(batch)).forEach(r -> seen.add(r[0])));
    }
    assertThat(seen).containsExactlyInAnyOrder("1", "2");
  }

  @Test
  void aLargeTableWithoutStatisticsIsSplitEvenlyWithBoundedMemory() throws Exception {
    db.execute("CREATE TABLE unanalyzed (id int PRIMARY KEY)",
        "INSERT INTO unanalyzed SELECT generate_series(1, 3 * " + PostgresRowSource.MAX_SAMPLE_KEYS + ")");
    TableShape table = new TableShape("public", "unanalyzed", List.of(new Column("id", "integer")), List.of("id"));
    assertThat(source.estimatedRows(table)).isEmpty();

    List<Long> sizes = rowsPerRange(table, source.partitions(table, 4));

    assertThat(sizes).hasSize(4);
    assertThat(sizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(3L * PostgresRowSource.MAX_SAMPLE_KEYS);
    assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(6_000L, 9_000L));
  }

  @Test
  void aTableEstimatedLargeIsSplitFromABlockSample() throws Exception {
    db.execute("CREATE TABLE sampled (id int PRIMARY KEY, pad text)",
        "INSERT INTO sampled SELECT i, repeat('p', 50) FROM generate_series(1, 30000) i",
        "ANALYZE sampled",
        "UPDATE pg_class SET reltuples = 400000 WHERE relname = 'sampled'");
    TableShape table = new TableShape("public", "sampled",
        List.of(new Column("id", "integer"), new Column("pad", "text")), List.of("id"));

    List<Long> sizes = rowsPerRange(table, source.partitions(table, 3));

    assertThat(sizes).hasSize(3);
    assertThat(sizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(30000);
    assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(5_000L, 15_000L));
  }

  private static List<Long> rowsPerRange(TableShape table, List<KeyRange> ranges) throws StoreException {
    List<Long> sizes = new ArrayList<>();
    for (KeyRange range : ranges) {
      long[] rows = {0};
      source.scan(table, range, null, 5000, batch -> rows[0] += batch.rows());
      sizes.add(rows[0]);
    }
    return sizes;
  }

  @Test
  void aSinkThatThrowsStopsTheScanAndTheConnectionStaysUsable() throws Exception {
    assertThatThrownBy(() -> source.scan(PAIRS, KeyRange.ALL, null, 10, batch -> {
      throw StoreException.unavailable("target down", null);
    })).hasMessage("target down");
    List<RowBatch> batches = new ArrayList<>();
    source.scan(PAIRS, KeyRange.ALL, null, 1000, batches::add);
    assertThat(rows(batches)).hasSize(100);
  }

  @Test
  void aMissingTableIsBadInputNamingIt() {
    TableShape missing = new TableShape("public", "nope", List.of(new Column("id", "integer")), List.of("id"));
    assertThatThrownBy(() -> source.scan(missing, KeyRange.ALL, Key.of("1"), 10, batch -> {}))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_INPUT);
          assertThat(e.getMessage()).contains("\"public\".\"nope\"").contains("source");
        });
  }

  @Test
  void aLostConnectionIsUnavailableAndTheNextScanReconnects() throws Exception {
    db.execute("CREATE TABLE big (id integer PRIMARY KEY, pad text)",
        "INSERT INTO big SELECT i, repeat('x', 300) FROM generate_series(1, 100000) i");
    TableShape big = new TableShape("public", "big",
        List.of(new Column("id", "integer"), new Column("pad", "text")), List.of("id"));
    PostgresRowSource own = PostgresRowSource.open(connector(db.uri() + "?application_name=doomed"));
    int[] seen = {0};
    assertThatThrownBy(() -> own.scan(big, KeyRange.ALL, null, 100, batch -> {
      if (++seen[0] == 2) {
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed'");
      }
    })).isInstanceOfSatisfying(StoreException.class, e -> {
      assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
      assertThat(e.getMessage()).contains("\"public\".\"big\"").contains("after key (");
    });
    long[] rows = {0};
    own.scan(big, KeyRange.ALL, Key.of("99000"), 1000, batch -> rows[0] += batch.rows());
    assertThat(rows[0]).isEqualTo(1000);
    own.close();
  }

  private static List<String> serverOrder() throws Exception {
    List<String> names = new ArrayList<>();
    try (var connection = db.connect(); var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT name FROM \"Mixed Schema\".\"Wörter list\" ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  static List<String[]> rows(List<RowBatch> batches) {
    List<String[]> rows = new ArrayList<>();
    for (RowBatch batch : batches) {
      String text = new String(batch.text(), 0, batch.length(), StandardCharsets.UTF_8);
      assertThat(text).endsWith("\n");
      for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
        rows.add(CopyText.split(line));
      }
    }
    return rows;
  }
}
