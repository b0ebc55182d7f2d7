package dev.cutover.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.TableSpec;
import dev.cutover.api.TableVerification;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.postgres.PostgresBucketDigests;
import dev.cutover.store.postgres.PostgresRowSource;
import dev.cutover.store.postgres.PostgresRowsByKey;
import dev.cutover.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Comparison by digests inside two real PostgreSQL databases against the streaming comparison in
 * the worker, on the same edge-type data: the same verdicts and the same keys, while a table that
 * agrees moves no row to the worker.
 */
class DigestComparisonTest {
  private static final String TABLE = "Edge Types Ü";
  private static final String DDL = "CREATE TABLE \"" + TABLE + "\" (region text, id bigint, t text, jb jsonb,"
      + " n numeric, n2 numeric(12,2), tstz timestamptz, b bytea, ai integer[], at text[], d double precision,"
      + " r real, u uuid, flag boolean, day date, ts timestamp, iv interval, j json, c char(4), an numeric[],"
      + " PRIMARY KEY (region, id))";
  private static final String ROWS = "INSERT INTO \"" + TABLE + "\" SELECT CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END,"
      + " g, CASE WHEN g % 11 = 0 THEN NULL WHEN g % 13 = 0 THEN '' ELSE 'Zoë ' || g || E' tab\\t \"q\" \\\\' END,"
      + " jsonb_build_object('i', g, 'tags', jsonb_build_array(1.50, 'x'), 'z', NULL), g / 7.0, round(g * 1.25, 2),"
      + " timestamptz '2024-01-31 10:00:00.5+02' + g * interval '1 hour',"
      + " CASE WHEN g % 5 = 0 THEN NULL ELSE decode(md5(g::text), 'hex') END, ARRAY[g::int, NULL, -g::int],"
      + " ARRAY['a,b', 'q\"u', NULL, 'NULL', ''], g / 3.0::float8, (g / 3.0)::real, md5(g::text)::uuid, g % 2 = 0,"
      + " date '2024-01-01' + g::int, timestamp '2024-01-01' + g * interval '1 minute', g * interval '1 second',"
      + " '{\"b\":1, \"a\":[2]}', 'ab', ARRAY[g / 4.0] FROM generate_series(1, ROWCOUNT) g";
  private static final String EDGES = "INSERT INTO \"" + TABLE + "\" VALUES"
      + " ('edge', 1, '', '{}', 'NaN', -9999999999.99, 'infinity', '\\x', '{}', '{}', 'NaN', '-0', NULL, false,"
      + "  'infinity', '-infinity', '-1 mons', '[]', '', '{}'),"
      + " ('edge', 2, NULL, 'null', 123456789012345678901234567890.123456789, 0.01, '0001-01-01 00:00:00 BC',"
      + "  decode(repeat('00ff', 5000), 'hex'), '{{1,2},{3,4}}', '{\" \"}', '5e-324', 'Infinity',"
      + "  '00000000-0000-0000-0000-000000000000', true, '0044-03-15 BC', '2024-02-29 23:59:59.999999', '0',"
      + "  '\"text\"', ' ', '{NaN,1.50}'),"
      + " ('edge', 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
      + "  NULL, NULL, NULL)";
  /** For each compared column, a value no generated row holds. */
  private static final Map<String, String> CHANGED = Map.ofEntries(Map.entry("t", "'changed'"),
      Map.entry("jb", "'{\"changed\":1}'"), Map.entry("n", "-42.5"), Map.entry("n2", "-1.01"),
      Map.entry("tstz", "'1999-01-01 00:00:00+00'"), Map.entry("b", "'\\xdeadbeef'"), Map.entry("ai", "'{9,9}'"),
      Map.entry("at", "'{changed}'"), Map.entry("d", "-2.5"), Map.entry("r", "-2.5"),
      Map.entry("u", "'11111111-1111-1111-1111-111111111111'"), Map.entry("flag", "NOT flag"),
      Map.entry("day", "'1999-01-01'"), Map.entry("ts", "'1999-01-01 00:00'"), Map.entry("iv", "'9 days'"),
      Map.entry("j", "'{\"changed\":true}'"), Map.entry("c", "'zz'"), Map.entry("an", "'{7}'"));
  private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "digest-test");
    thread.setDaemon(true);
    return thread;
  });

  private final TestPostgres.Database source = TestPostgres.createDatabase("digest_src");
  private final TestPostgres.Database target = TestPostgres.createDatabase("digest_tgt");

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  @Test
  void anAgreeingTableOfEveryEdgeTypeIsEqualWithoutARowReadRowByRow() throws Exception {
    both(DDL, rows(3000), EDGES);

    Outcome digested = compare(true, ComparisonSettings.DEFAULT);
    Outcome streamed = compare(false, ComparisonSettings.DEFAULT);

    assertThat(digested.refusal()).isNull();
    assertThat(digested.differences()).isEmpty();
    assertThat(streamed.differences()).isEmpty();
    assertThat(digested.rows()).isEqualTo(streamed.rows()).isEqualTo(new TableComparison.RowCounts(3003, 3003));
    assertThat(digested.transfer().rowsStreamed()).isZero();
    // Two servers' digests: a few dozen bytes per non-empty bucket, whatever the table's size.
    assertThat(digested.transfer().bytes()).isPositive().isLessThan(2L * 4096 * 80)
        .isLessThan(streamed.transfer().bytes() / 3);
  }

  @Test
  void aSingleChangedValueInEachTypeIsFoundAsTheSameKeyByBothPaths() throws Exception {
    both(DDL, rows(2000), EDGES);
    List<String> expected = new ArrayList<>();
    int id = 100;
    for (Map.Entry<String, String> change : CHANGED.entrySet()) {
      target.execute("UPDATE \"" + TABLE + "\" SET " + change.getKey() + " = " + change.getValue()
          + " WHERE region = 'eu' AND id = " + id);
      expected.add("DIFFERENT (eu, " + id + ")");
      id += 2;
    }

    Outcome digested = compare(true, ComparisonSettings.DEFAULT);
    Outcome streamed = compare(false, ComparisonSettings.DEFAULT);

    assertThat(digested.refusal()).isNull();
    assertThat(digested.differences()).containsExactlyInAnyOrderElementsOf(expected)
        .containsExactlyInAnyOrderElementsOf(streamed.differences());
    // Only the buckets of the changed rows were read row by row.
    assertThat(digested.transfer().rowsStreamed()).isPositive().isLessThan(2L * 200 * CHANGED.size());
  }

  @Test
  void aMissingAndAnExtraRowAreFoundWithTheSameKeysByBothPaths() throws Exception {
    both(DDL, rows(2000), EDGES);
    target.execute("DELETE FROM \"" + TABLE + "\" WHERE region = 'us' AND id = 7",
        "DELETE FROM \"" + TABLE + "\" WHERE region = 'edge' AND id = 2",
        "INSERT INTO \"" + TABLE + "\" (region, id, t) VALUES ('extra', 1, 'only in the target')");

    Outcome digested = compare(true, ComparisonSettings.DEFAULT);
    Outcome streamed = compare(false, ComparisonSettings.DEFAULT);

    assertThat(digested.differences()).containsExactlyInAnyOrder("MISSING_IN_TARGET (us, 7)",
        "MISSING_IN_TARGET (edge, 2)", "MISSING_IN_SOURCE (extra, 1)")
        .containsExactlyInAnyOrderElementsOf(streamed.differences());
    assertThat(digested.rows()).isEqualTo(streamed.rows()).isEqualTo(new TableComparison.RowCounts(2003, 2002));
  }

  @Test
  void valuesWrittenDifferentlyAreEqualAndNumericScaleNeedsNoRowByRowRead() throws Exception {
    both("CREATE TABLE spellings (id integer PRIMARY KEY, n numeric, jb jsonb, tstz timestamptz)");
    source.execute("INSERT INTO spellings SELECT g, 1.0, '{\"x\":1}', '2024-01-15 12:00:00+02'"
            + " FROM generate_series(1, 50) g",
        "INSERT INTO spellings VALUES (51, 2, '{\"x\":1.0}', '2024-01-15 12:00:00+02')");
    target.execute("INSERT INTO spellings SELECT g, 1.00, '{\"x\":1}', '2024-01-15 10:00:00Z'"
            + " FROM generate_series(1, 50) g",
        "INSERT INTO spellings VALUES (51, 2.000, '{\"x\":1.00}', '2024-01-15 10:00:00Z')");

    Outcome digested = compare(true, ComparisonSettings.DEFAULT, "spellings", "id");

    assertThat(digested.refusal()).isNull();
    assertThat(digested.differences()).isEmpty();
    // Numerics and time zones agree in SQL; only the jsonb number's scale sends its one row each way.
    assertThat(digested.transfer().rowsStreamed()).isEqualTo(2);
  }

  @Test
  void aColumnTypedDifferentlyOnTheTwoSidesIsStreamedAndStillCompared() throws Exception {
    source.execute("CREATE TABLE accounts (id integer PRIMARY KEY, balance integer)",
        "INSERT INTO accounts SELECT g, g * 10 FROM generate_series(1, 500) g");
    target.execute("CREATE TABLE accounts (id integer PRIMARY KEY, balance bigint)",
        "INSERT INTO accounts SELECT g, g * 10 FROM generate_series(1, 500) g",
        "UPDATE accounts SET balance = -1 WHERE id = 42");

    Outcome digested = compare(true, ComparisonSettings.DEFAULT, "accounts", "id");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TableVerification verified = verifyThroughVerifier("accounts", err, "id");

    assertThat(digested.refusal()).isEqualTo("column balance is integer in the source and bigint in the target");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("table \"public\".\"accounts\": compared row by row in the worker, not by digests in the"
            + " databases: column balance is integer in the source and bigint in the target")
        .contains("2000 rows row by row"); // both sides, scanned and drilled
    assertThat(verified.different).isEqualTo(1);
    assertThat(verified.sampleKeys).containsExactly("(42)");
  }

  @Test
  void aTypeTheDigestDoesNotCoverIsStreamed() throws Exception {
    both("CREATE TABLE prices (id integer PRIMARY KEY, price money)", "INSERT INTO prices VALUES (1, 1.5)");

    Outcome digested = compare(true, ComparisonSettings.DEFAULT, "prices", "id");

    assertThat(digested.refusal()).isEqualTo("column price has type money, which is not digested in SQL");
  }

  @Test
  void aSampleComparesTheSameKeysOnBothSidesAndFindsAChangedSampledRow() throws Exception {
    both(DDL, rows(20_000), EDGES);
    ComparisonSettings sample = ComparisonSettings.DEFAULT.withSampleRate(0.05);

    Outcome agreeing = compare(true, sample);
    String sampledKey = sampledEuKey(0.05);
    target.execute("UPDATE \"" + TABLE + "\" SET d = -2.5 WHERE region = 'eu' AND id = " + sampledKey);
    Outcome changed = compare(true, sample);

    assertThat(agreeing.differences()).isEmpty();
    assertThat(agreeing.rows().source()).isEqualTo(agreeing.rows().target()).isBetween(800L, 1200L);
    assertThat(agreeing.transfer().rowsStreamed()).isZero();
    assertThat(changed.differences()).containsExactly("DIFFERENT (eu, " + sampledKey + ")");
    assertThat(changed.rows()).isEqualTo(agreeing.rows());
  }

  @Test
  void onlyBuiltInTypesWhoseTextIsPinnedAreDigested() {
    assertThat(List.of("integer", "numeric(12,2)", "timestamp(3) with time zone", "character varying(32)",
        "text[]", "numeric[]", "jsonb", "bytea", "double precision", "interval"))
        .allMatch(PostgresBucketDigests::digested);
    assertThat(List.of("money", "\"Mood\"", "inet", "point", "public.citext", "xml", "tsvector"))
        .noneMatch(PostgresBucketDigests::digested);
  }

  /** A key the SQL sample keeps: its md5 bits after the bucket's under the rate, as both servers compute. */
  private String sampledEuKey(double rate) throws Exception {
    try (var connection = source.connect(); var statement = connection.createStatement();
        var row = statement.executeQuery("SELECT id FROM \"" + TABLE + "\" WHERE region = 'eu' AND"
            + " ('x' || substr(md5(ROW(region, id)::text), 9, 8))::bit(32)::bigint < "
            + (long) Math.floor(rate * (1L << 32)) + " ORDER BY id LIMIT 1")) {
      assertThat(row.next()).as("some eu key is sampled").isTrue();
      return row.getString(1);
    }
  }

  private record Outcome(String refusal, List<String> differences, TableComparison.RowCounts rows, Transfer transfer) {}

  private Outcome compare(boolean inDatabases, ComparisonSettings settings) throws Exception {
    return compare(inDatabases, settings, TABLE, "region", "id");
  }

  private Outcome compare(boolean inDatabases, ComparisonSettings settings, String name, String... key)
      throws Exception {
    try (PostgresRowSource sourceScan = PostgresRowSource.open(LiveWritesVerifyTest.connector(source, "source"));
        PostgresRowSource targetScan = PostgresRowSource.open(LiveWritesVerifyTest.connector(target, "target"));
        PostgresBucketDigests sourceDigests = new PostgresBucketDigests(LiveWritesVerifyTest.connector(source, "source"));
        PostgresBucketDigests targetDigests = new PostgresBucketDigests(LiveWritesVerifyTest.connector(target, "target"))) {
      TableShape shape = shape(targetScan, name, key);
      List<String> differences = new ArrayList<>();
      DifferenceSink sink = difference -> differences.add(difference.kind() + " " + difference.key());
      Transfer transfer = new Transfer();
      if (!inDatabases) {
        TableComparison.RowCounts rows = new TableComparison(shape, sourceScan, targetScan, settings, EXECUTOR,
            label -> new ScanProgress(System.err, label, Long.MAX_VALUE / 4, System::nanoTime), dev.cutover.store.Retry.DEFAULT,
            transfer).compare(sink);
        return new Outcome(null, differences, rows, transfer);
      }
      DigestComparison comparison = new DigestComparison(shape,
          new DigestComparison.Sides(sourceDigests, targetDigests), settings, EXECUTOR, label -> new ScanProgress(System.err, label, Long.MAX_VALUE / 4, System::nanoTime),
          dev.cutover.store.Retry.DEFAULT, transfer);
      String refusal = comparison.refusal();
      if (refusal != null) {
        return new Outcome(refusal, differences, null, transfer);
      }
      return new Outcome(null, differences, comparison.compare(sink), transfer);
    }
  }

  private TableVerification verifyThroughVerifier(String name, ByteArrayOutputStream err, String... key)
      throws Exception {
    try (PostgresRowSource sourceScan = PostgresRowSource.open(LiveWritesVerifyTest.connector(source, "source"));
        PostgresRowSource targetScan = PostgresRowSource.open(LiveWritesVerifyTest.connector(target, "target"));
        PostgresRowsByKey sourceByKey = new PostgresRowsByKey(LiveWritesVerifyTest.connector(source, "source"));
        PostgresRowsByKey targetByKey = new PostgresRowsByKey(LiveWritesVerifyTest.connector(target, "target"));
        PostgresBucketDigests sourceDigests = new PostgresBucketDigests(LiveWritesVerifyTest.connector(source, "source"));
        PostgresBucketDigests targetDigests = new PostgresBucketDigests(LiveWritesVerifyTest.connector(target, "target"));
        Verifier verifier = new Verifier(ComparisonSettings.DEFAULT,
            new Verifier.Confirmation(sourceByKey::read, targetByKey::read, new ConfirmationSettings(1, 1, 10_000,
                100, (round, millis) -> {})),
            new DigestComparison.Sides(sourceDigests, targetDigests), new PrintStream(err, true, StandardCharsets.UTF_8),
            dev.cutover.store.Retry.DEFAULT)) {
      return verifier.verify(List.of(shape(targetScan, name, key)), sourceScan, targetScan, null).get(0);
    }
  }

  private static TableShape shape(PostgresRowSource target, String name, String... key) throws StoreException {
    TableSpec spec = new TableSpec();
    spec.name = name;
    spec.primaryKey = new ArrayList<>(List.of(key));
    return target.catalog().resolveTarget(spec, 0);
  }

  private static String rows(int count) {
    return ROWS.replace("ROWCOUNT", Integer.toString(count));
  }

  private void both(String... sql) {
    source.execute(sql);
    target.execute(sql);
  }
}
