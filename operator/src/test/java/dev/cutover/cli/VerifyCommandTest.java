package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.WorkerResult;
import dev.cutover.testing.TestPostgres;
import dev.cutover.testing.TestPostgres.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover verify} against two real PostgreSQL databases (source and target). */
class VerifyCommandTest {
  private static final String ODD_TABLE = "\"Odd Schema\".\"Kunden Ü 日本\"";
  private static final String ALL_TYPES_DDL = "CREATE TABLE " + ODD_TABLE + " ("
      + "id bigint PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, n numeric, n2 numeric(12,2),"
      + " r real, d double precision, t text, vc varchar(20), c char(5), b bytea, flag boolean,"
      + " day date, ts timestamp, tstz timestamptz, tm time, u uuid, j json, jb jsonb,"
      + " ai integer[], at text[], an numeric[], ats timestamptz[], iv interval)";
  private static final String ALL_TYPES_ROWS = "INSERT INTO " + ODD_TABLE + " VALUES"
      + " (1, 32767, 2147483647, 9223372036854775807, 'NaN', -9999999999.99, 'Infinity', '-Infinity', '',"
      + "  'ünï', 'a', '\\x', false, 'infinity', '-infinity', '2024-01-15 10:20:30.123456+05:30', '24:00:00',"
      + "  'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{\"b\":[1,2],\"a\":{\"x\":null}}',"
      + "  '{\"deep\":{\"n\":[1.50,{\"k\":\"v\"}]}}', '{1,NULL,3}', '{\"a b\",\"x\\\"y\",NULL,\"NULL\",\"\"}',"
      + "  '{1.50,NaN}', '{\"2024-01-01 00:00:00+00\"}', '1 day'),"
      + " (2, -32768, -2147483648, -9223372036854775808, 'Infinity', 0.01, 'NaN', '-0',"
      + "  E'tab\\there\\nnew\\\\line', '🔑 emoji', 'abcde', decode(repeat('00ff', 50000), 'hex'), true,"
      + "  '0044-03-15 BC', '0001-01-01 00:00:00 BC', 'infinity', '00:00:00', '00000000-0000-0000-0000-000000000000',"
      + "  '[]', 'null', '{}', '{}', '{}', '{}', '-1 mons'),"
      + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
      + "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
      + " (4, 0, 0, 0, 123456789012345678901234567890.123456789, 0, 1.17549435e-38, 5e-324, ' ', '', ' ',"
      + "  '\\x5c00', true, '2024-02-29', '2024-02-29 23:59:59.999999', '1999-12-31 23:59:59.5-08', '23:59:59.999999',"
      + "  'ffffffff-ffff-ffff-ffff-ffffffffffff', '\"text\"', '[1e2, -0.0, \"\\u00e9\"]', '{{1,2},{3,4}}',"
      + "  '{\" \"}', '{-Infinity}', '{NULL}', '1 year 2 mons 3 days 04:05:06.789')";

  @TempDir Path dir;
  private Database source;
  private Database target;

  @BeforeEach
  void createDatabases() {
    source = TestPostgres.createDatabase("verify_src");
    target = TestPostgres.createDatabase("verify_tgt");
  }

  @Test
  void everyTypeWithEdgeValuesIsAtParityInOddlyNamedTables() throws Exception {
    both("CREATE SCHEMA \"Odd Schema\"", ALL_TYPES_DDL, ALL_TYPES_ROWS,
        "CREATE TABLE \"Order Lines\" (order_id integer, line text, qty integer, PRIMARY KEY (order_id, line))",
        "INSERT INTO \"Order Lines\" SELECT i / 3, 'line ' || (i % 3), i FROM generate_series(0, 999) i");

    Run run = verify(manifest(table("Kunden Ü 日本", "Odd Schema", "id"), table("Order Lines", null, "order_id", "line")));

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.result.ok).isTrue();
    assertThat(run.result.command).isEqualTo("verify");
    assertThat(run.result.tables).extracting(t -> t.name + " " + t.sourceRows + "/" + t.targetRows + " "
            + t.missingInTarget + t.missingInSource + t.different)
        .containsExactly("Kunden Ü 日本 4/4 000", "Order Lines 1000/1000 000");
    assertThat(run.err + run.out).doesNotContain(TestPostgres.PASSWORD).doesNotContain("s3cr3t");
    // Both tables agree, and were digested inside the databases: no row travelled to the worker.
    assertThat(run.err).containsPattern("Kunden Ü 日本\": 4 source rows.* 0 rows row by row")
        .containsPattern("Order Lines\": 1000 source rows.* 0 rows row by row")
        .doesNotContain("compared row by row in the worker");
  }

  @Test
  void streamingEveryTableToTheWorkerGivesTheSameVerdict() throws Exception {
    bothAccounts(300);
    target.execute("UPDATE accounts SET attrs = '{\"i\": -1}' WHERE id = 42", "DELETE FROM accounts WHERE id = 7");
    String manifest = manifest(table("accounts", null, "id"));

    Run digested = verify(manifest);
    Run streamed = verify(manifest, Map.of("CUTOVER_VERIFY_IN_DATABASE", "false"));

    for (Run run : List.of(digested, streamed)) {
      assertThat(run.exit).isEqualTo(1);
      assertThat(run.result.tables.get(0).different).isEqualTo(1);
      assertThat(run.result.tables.get(0).missingInTarget).isEqualTo(1);
      assertThat(run.result.tables.get(0).sampleKeys).containsExactlyInAnyOrder("(42)", "(7)");
    }
    assertThat(streamed.err).contains("300 source rows, 299 target rows").contains("1198 rows row by row");
    assertThat(digested.err).contains("300 source rows, 299 target rows").doesNotContain("1198 rows row by row");
  }

  @Test
  void theSameValuesWrittenDifferentlyAreEqual() throws Exception {
    both("CREATE TABLE spellings (id integer PRIMARY KEY, n numeric, j json, jb jsonb, tstz timestamptz, c char(6))");
    source.execute("INSERT INTO spellings VALUES (1, 1.0, '{\"a\":1,\"b\":[true,2]}', '{\"x\":1.0}',"
        + " '2024-01-15 12:00:00+02', 'ab')");
    target.execute("INSERT INTO spellings VALUES (1, 1.00, '{ \"b\" : [true, 2.0], \"a\" : 1 }', '{\"x\":1.00}',"
        + " '2024-01-15 10:00:00Z', 'ab    ')");

    Run run = verify(manifest(table("spellings", null, "id")));

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.result.tables.get(0).different).isZero();
  }

  @Test
  void aTargetRowChangedByHandIsFoundWithItsKey() throws Exception {
    bothAccounts(100);
    target.execute("UPDATE accounts SET balance = balance + 0.01 WHERE id = 42");

    Run run = verify(manifest(table("accounts", null, "id")));

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.result.ok).isFalse();
    WorkerResult.Table accounts = run.result.tables.get(0);
    assertThat(accounts.different).isEqualTo(1);
    assertThat(accounts.missingInTarget).isZero();
    assertThat(accounts.sampleKeys).containsExactly("(42)");
    assertThat(run.err).contains("different (42)");
  }

  @Test
  void aRowMissingOnEachSideIsFoundAsSuch() throws Exception {
    bothAccounts(100);
    target.execute("DELETE FROM accounts WHERE id = 7");
    source.execute("DELETE FROM accounts WHERE id = 70");

    Run run = verify(manifest(table("accounts", null, "id")));

    assertThat(run.exit).isEqualTo(1);
    WorkerResult.Table accounts = run.result.tables.get(0);
    assertThat(accounts.missingInTarget).isEqualTo(1);
    assertThat(accounts.missingInSource).isEqualTo(1);
    assertThat(accounts.sourceRows).isEqualTo(99);
    assertThat(accounts.targetRows).isEqualTo(99);
    assertThat(run.err).contains("missing-in-target (7)").contains("missing-in-source (70)");
  }

  @Test
  void maxMismatchesToleratesThatManyDifferences() throws Exception {
    bothAccounts(50);
    target.execute("DELETE FROM accounts WHERE id IN (1, 2)");

    Run tolerated = verify(manifestWith("  verification: {maxMismatches: 2}\n", table("accounts", null, "id")));
    Run exceeded = verify(manifestWith("  verification: {maxMismatches: 1}\n", table("accounts", null, "id")));

    assertThat(tolerated.exit).isZero();
    assertThat(tolerated.result.ok).isTrue();
    assertThat(tolerated.result.tables.get(0).missingInTarget).isEqualTo(2);
    assertThat(exceeded.exit).isEqualTo(1);
    assertThat(exceeded.result.error).contains("2 mismatching rows").contains("maxMismatches (1)");
  }

  @Test
  void aSampleComparesTheSameRowsOnBothSides() throws Exception {
    bothAccounts(20_000);

    Run run = verify(manifestWith("  verification: {mode: sample, sampleRate: 0.05}\n", table("accounts", null, "id")));

    assertThat(run.exit).as(run.err).isZero();
    WorkerResult.Table accounts = run.result.tables.get(0);
    assertThat(accounts.sourceRows).isEqualTo(accounts.targetRows).isBetween(800L, 1200L);
  }

  @Test
  void repairConvergesToParityByInsertUpdateAndDelete() throws Exception {
    bothAccounts(1000);
    // After the copy, the source moved on: one insert, one update, one delete.
    source.execute("INSERT INTO accounts VALUES (5000, 'new', 1.50, '{\"k\": 1}')",
        "UPDATE accounts SET name = 'renamed', attrs = '{\"z\": [1, 2]}' WHERE id = 10",
        "DELETE FROM accounts WHERE id = 20");
    // And a row in the target was damaged by hand.
    target.execute("UPDATE accounts SET balance = NULL WHERE id = 30");
    String manifest = manifest(table("accounts", null, "id"));

    Run found = verify(manifest);
    Run repaired = verify(manifest, "--repair");
    Run after = verify(manifest);

    assertThat(found.exit).isEqualTo(1);
    assertThat(found.result.tables.get(0).missingInTarget).isEqualTo(1);
    assertThat(found.result.tables.get(0).missingInSource).isEqualTo(1);
    assertThat(found.result.tables.get(0).different).isEqualTo(2);
    assertThat(repaired.exit).as(repaired.err).isZero();
    assertThat(repaired.result.tables.get(0).repaired).isEqualTo(4);
    assertThat(repaired.result.tables.get(0).different).isZero();
    assertThat(after.exit).isZero();
    assertThat(rows(target, "SELECT * FROM accounts ORDER BY id")).isEqualTo(rows(source, "SELECT * FROM accounts ORDER BY id"));
  }

  @Test
  void repairWithTheTargetAsPrimaryRewritesTheSource() throws Exception {
    bothAccounts(100);
    target.execute("INSERT INTO accounts VALUES (900, 'written in reverse-shadow', 9, NULL)",
        "UPDATE accounts SET name = 'target wins' WHERE id = 5");

    Run repaired = verify(manifest(table("accounts", null, "id")), "--repair", "--primary", "target");

    assertThat(repaired.exit).as(repaired.err).isZero();
    assertThat(repaired.result.tables.get(0).repaired).isEqualTo(2);
    assertThat(rows(source, "SELECT name FROM accounts WHERE id IN (5, 900) ORDER BY id"))
        .containsExactly(List.of("target wins"), List.of("written in reverse-shadow"));
  }

  @Test
  void repairRewritesEveryTypeFaithfully() throws Exception {
    both("CREATE SCHEMA \"Odd Schema\"", ALL_TYPES_DDL);
    source.execute(ALL_TYPES_ROWS);
    String manifest = manifest(table("Kunden Ü 日本", "Odd Schema", "id"));

    Run repaired = verify(manifest, "--repair");

    assertThat(repaired.exit).as(repaired.err).isZero();
    assertThat(repaired.result.tables.get(0).repaired).isEqualTo(4);
    String select = "SELECT * FROM " + ODD_TABLE + " ORDER BY id";
    assertThat(rows(target, select)).isEqualTo(rows(source, select));
  }

  @Test
  void aTableMissingInTheTargetIsBadInputNamingIt() throws Exception {
    source.execute("CREATE TABLE ghosts (id integer PRIMARY KEY)");

    Run run = verify(manifest(table("ghosts", null, "id")));

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.result.exitCode).isEqualTo(2);
    assertThat(run.result.error).contains("\"ghosts\"").contains("target");
    assertThat(run.err).contains("ghosts");
  }

  @Test
  void aTableMissingInTheSourceIsBadInputNamingIt() throws Exception {
    target.execute("CREATE TABLE ghosts (id integer PRIMARY KEY)");

    Run run = verify(manifest(table("ghosts", null, "id")));

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.result.error).contains("\"ghosts\"").contains("source");
  }

  @Test
  void aSourceValueTheTargetTypeRefusesStopsTheRepairNamingTableColumnAndKey() throws Exception {
    source.execute("CREATE TABLE stock (id integer PRIMARY KEY, qty text)",
        "INSERT INTO stock VALUES (1, '5'), (2, 'five')");
    target.execute("CREATE TABLE stock (id integer PRIMARY KEY, qty integer)");

    Run run = verify(manifest(table("stock", null, "id")), "--repair");

    assertThat(run.exit).as(run.err).isEqualTo(2);
    assertThat(run.result.error).contains("\"public\".\"stock\"").contains("column \"qty\" of key (2)")
        .contains("does not convert to integer");
  }

  @Test
  void anUnreachableTargetIsAStoreFailure() throws Exception {
    Run run = verify(manifest(table("accounts", null, "id")), Map.of(
        "CUTOVER_TARGET_DSN", "postgres://postgres:" + TestPostgres.PASSWORD.replace("%", "%25").replace("@", "%40")
            .replace(":", "%3A").replace("/", "%2F") + "@127.0.0.1:1/nowhere"));

    assertThat(run.exit).isEqualTo(3);
    assertThat(run.result.error).contains("target").contains("unreachable");
    assertThat(run.err + run.result.error).doesNotContain(TestPostgres.PASSWORD).doesNotContain("s3cr3t");
  }

  @Test
  void repairIntoFoundationDbIsRefused() throws Exception {
    String manifest = manifest(table("accounts", null, "id") + "    foundationdb: {keyPrefix: [acct], key: [id]}\n")
        .replace("source: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: src, key: dsn}}}}",
            "source: {kind: foundationdb, foundationdb: {clusterFile: {configMapKeyRef: {name: fdb, key: fdb.cluster}}}}");

    Run run = verify(manifest, "--repair", "--primary", "target");

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.result.error).contains("repair into FoundationDB is not supported");
  }

  @Test
  void aSampleRateOutsideItsRangeIsBadInputNamingTheField() throws Exception {
    bothAccounts(3);

    Run run = verify(manifestWith("  verification: {mode: sample, sampleRate: 1.5}\n", table("accounts", null, "id")));

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.result.error).contains("spec.verification.sampleRate");
  }

  @Test
  void aMalformedConfirmationSettingIsBadInputNamingTheVariable() throws Exception {
    bothAccounts(3);

    Run run = verify(manifest(table("accounts", null, "id")), Map.of("CUTOVER_VERIFY_CONFIRM_ROUNDS", "-1"));

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.result.error).contains("CUTOVER_VERIFY_CONFIRM_ROUNDS");
  }

  @Test
  void anUnknownPrimaryIsBadInput() throws Exception {
    Run run = verify(manifest(table("accounts", null, "id")), "--primary", "both");

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.result.error).contains("--primary must be source or target");
  }

  // ---- fixtures ----

  private void both(String... sql) {
    source.execute(sql);
    target.execute(sql);
  }

  private void bothAccounts(int rows) {
    both("CREATE TABLE accounts (id bigint PRIMARY KEY, name text, balance numeric(12,2), attrs jsonb)",
        "INSERT INTO accounts SELECT i, 'name ' || i, i * 1.25, jsonb_build_object('i', i, 'tags', jsonb_build_array('a', i))"
            + " FROM generate_series(1, " + rows + ") i");
  }

  private static String table(String name, String schema, String... key) {
    return "  - name: \"" + name + "\"\n"
        + (schema == null ? "" : "    schema: \"" + schema + "\"\n")
        + "    primaryKey: [" + String.join(", ", key) + "]\n";
  }

  private static String manifest(String... tables) {
    return manifestWith("", tables);
  }

  private static String manifestWith(String extra, String... tables) {
    return "apiVersion: cutover.dev/v1alpha1\nkind: Migration\nmetadata: {name: shop, namespace: default}\n"
        + "spec:\n  phase: shadow\n"
        + "  source: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: src, key: dsn}}}}\n"
        + "  target: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: tgt, key: dsn}}}}\n"
        + "  flags: {configMap: shop-flags}\n"
        + extra
        + "  tables:\n" + String.join("", tables);
  }

  private record Run(int exit, WorkerResult result, String out, String err) {}

  private Run verify(String manifest, String... options) throws Exception {
    return verify(manifest, Map.of(), options);
  }

  private Run verify(String manifest, Map<String, String> envOverrides, String... options) throws Exception {
    Path file = Files.writeString(dir.resolve("migration-" + System.nanoTime() + ".yaml"), manifest);
    Path resultFile = dir.resolve("result-" + System.nanoTime() + ".json");
    List<String> args = new ArrayList<>(List.of("verify", "-f", file.toString(), "--result-file", resultFile.toString()));
    args.addAll(List.of(options));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "CUTOVER_SOURCE_DSN", source.uri(), "CUTOVER_TARGET_DSN", target.uri(),
        "CUTOVER_STORE_ATTEMPTS", "2", "CUTOVER_STORE_RETRY_DELAY_MS", "10", "CUTOVER_VERIFY_CONFIRM_PAUSE_MS", "10"));
    env.putAll(envOverrides);
    int exit = Main.run(args.toArray(String[]::new), env,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String json = Files.readString(resultFile);
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    WorkerResult result = new ObjectMapper().readValue(json, WorkerResult.class);
    return new Run(exit, result, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static List<List<String>> rows(Database database, String sql) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
