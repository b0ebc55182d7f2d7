package dev.cutover.worker.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.WorkerResult;
import dev.cutover.store.Retry;
import dev.cutover.testing.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  MigrationFixture fixture;

  @BeforeEach
  void databases() {
    fixture = new MigrationFixture(dir);
  }

  static final String EVERY_TYPE = """
      CREATE TABLE "Tea Shop"."Tées ünd Kräuter" (
        id bigint PRIMARY KEY, small smallint, int4 integer, big bigint, num numeric, money numeric(12,2),
        r real, d double precision, t text, vc varchar(20), flag boolean, day date, ts timestamp,
        tstz timestamptz, u uuid, doc jsonb, tags text[], nums integer[], blob bytea)""";

  static final String EVERY_VALUE = """
      INSERT INTO "Tea Shop"."Tées ünd Kräuter" VALUES
      (1, 32767, 2147483647, 9223372036854775807, 'NaN', 9999999999.99, 'NaN', 'Infinity',
       'ünïcødé 日本語 🍵', '', true, '2024-02-29', '2024-02-29 23:59:59.999999', '2024-06-01 12:00:00+05:30',
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": {"c": [1, 2, {"d": null}]}, "a": "x\\ty"}',
       ARRAY['a b', 'quote"d', 'back\\slash', NULL, ''], ARRAY[1, NULL, -3], decode(repeat('00ff10', 400000), 'hex')),
      (2, -32768, -2147483648, -9223372036854775808, 'Infinity', -0.01, '-Infinity', '-Infinity',
       E'tab\\there\\nnew line\\\\ back', 'x', false, 'infinity', '-infinity', 'infinity',
       '00000000-0000-0000-0000-000000000000', '[]', '{}', '{}', ''),
      (3, NULL, NULL, NULL, '-Infinity', NULL, 3.4028235e38, 1e-300, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       'null', NULL, NULL, NULL),
      (4, 0, 0, 0, 123456789012345678901234567890.123456789, 0, 0.1, 0.1, '\\N', 'NULL', true,
       '0001-01-01 BC', '1970-01-01 00:00:00', '1969-12-31 23:59:59.5-08', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
       '{"deep": {"er": {"est": [[[]]]}}}', ARRAY['{}', ','], ARRAY[2147483647], '\\x00')""";

  @Test
  void copiesEveryTypeWithEdgeValuesIntoAMixedCaseSpacedNonAsciiTable() throws Exception {
    fixture.both("CREATE SCHEMA \"Tea Shop\"", EVERY_TYPE);
    fixture.source.execute(EVERY_VALUE);
    fixture.manifest(3, "  - {schema: Tea Shop, name: Tées ünd Kräuter, primaryKey: [id]}\n");

    MigrationFixture.Run run = fixture.backfill();

    assertThat(run.exitCode()).as(run.err()).isZero();
    String table = "\"Tea Shop\".\"Tées ünd Kräuter\"";
    assertThat(MigrationFixture.dump(fixture.target, table, "id"))
        .isEqualTo(MigrationFixture.dump(fixture.source, table, "id"))
        .contains("ünïcødé 日本語 🍵");
    WorkerResult result = JSON.readValue(run.result(), WorkerResult.class);
    assertThat(result.command).isEqualTo("backfill");
    assertThat(result.ok).isTrue();
    assertThat(result.exitCode).isZero();
    assertThat(result.tables).singleElement().satisfies(t -> {
      assertThat(t.name).isEqualTo("Tées ünd Kräuter");
      assertThat(t.rows).isEqualTo(4);
    });
    assertThat(run.result().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    assertThat(run.err()).contains("backfill \"Tea Shop\".\"Tées ünd Kräuter\"").contains("4 rows");
  }

  @Test
  void copiesTablesInSpecOrderAndOnlyTheListedColumns() {
    fixture.both(
        "CREATE TABLE kinds (id int PRIMARY KEY, name text)",
        "CREATE TABLE teas (id int PRIMARY KEY, kind int REFERENCES kinds, name text, note text DEFAULT 'n/a')");
    fixture.source.execute(
        "INSERT INTO kinds SELECT i, 'kind ' || i FROM generate_series(1, 5) i",
        "INSERT INTO teas SELECT i, 1 + i % 5, 'tea ' || i, 'secret' FROM generate_series(1, 50) i");
    fixture.manifest(7, """
          - {name: kinds, primaryKey: [id]}
          - {name: teas, primaryKey: [id], columns: [id, kind, name]}
        """);

    MigrationFixture.Run run = fixture.backfill();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM teas WHERE note = 'n/a'")).isEqualTo(50);
    assertThat(run.err().indexOf("\"kinds\"")).isLessThan(run.err().indexOf("\"teas\""));
  }

  @Test
  void aSecondRunSkipsFinishedTablesAndCopiesNothing() throws Exception {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY, name text)");
    fixture.source.execute("INSERT INTO teas SELECT i, 'tea ' || i FROM generate_series(1, 20) i");
    fixture.manifest(6, "  - {name: teas, primaryKey: [id]}\n");
    assertThat(fixture.backfill().exitCode()).isZero();
    long inserted = MigrationFixture.count(fixture.target,
        "SELECT rows_inserted FROM cutover.backfill_checkpoints WHERE table_name = 'teas'");

    MigrationFixture.Run second = fixture.backfill();

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).contains("already finished").contains("skipped");
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT rows_inserted FROM cutover.backfill_checkpoints WHERE table_name = 'teas'")).isEqualTo(inserted);
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM teas")).isEqualTo(20);
    assertThat(JSON.readValue(second.result(), WorkerResult.class).tables.get(0).rows).isEqualTo(20);
  }

  @Test
  void aNewBackfillRunCopiesEveryTableAgainWhileARetryOfTheSameRunResumes() throws Exception {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY, name text)");
    fixture.source.execute("INSERT INTO teas SELECT i, 'tea ' || i FROM generate_series(1, 20) i");
    fixture.manifest(6, "  - {name: teas, primaryKey: [id]}\n");
    Map<String, String> run1 = new java.util.HashMap<>(fixture.env());
    run1.put(CutoverConstants.ENV_BACKFILL_RUN, "1");
    assertThat(fixture.run(run1).exitCode()).isZero();
    // Writes the target missed while dual writes were off (a rollback, a hand edit of the flags).
    fixture.target.execute("DELETE FROM teas WHERE id IN (3, 4)");

    MigrationFixture.Run retry = fixture.run(run1);
    assertThat(retry.err()).contains("already finished");
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM teas")).isEqualTo(18);

    Map<String, String> run2 = new java.util.HashMap<>(fixture.env());
    run2.put(CutoverConstants.ENV_BACKFILL_RUN, "4");
    MigrationFixture.Run second = fixture.run(run2);
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).doesNotContain("already finished");
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM teas")).isEqualTo(20);
  }

  @Test
  void checkpointsOfAnEarlierVersionGainTheCatchUpColumnsInPlace() throws Exception {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY, name text)");
    fixture.source.execute("INSERT INTO teas SELECT i, 'tea ' || i FROM generate_series(1, 20) i");
    fixture.target.execute("CREATE SCHEMA cutover",
        "CREATE TABLE cutover.backfill_checkpoints (migration text NOT NULL, table_schema text NOT NULL,"
            + " table_name text NOT NULL, partition_index integer NOT NULL, partitions integer NOT NULL,"
            + " last_key text[], rows_copied bigint NOT NULL DEFAULT 0, rows_inserted bigint NOT NULL DEFAULT 0,"
            + " finished boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL DEFAULT now(),"
            + " PRIMARY KEY (migration, table_schema, table_name, partition_index, partitions))",
        "INSERT INTO cutover.backfill_checkpoints VALUES ('other', 'public', 'teas', 0, 1, NULL, 7, 7, true)");
    fixture.manifest(6, "  - {name: teas, primaryKey: [id]}\n");

    MigrationFixture.Run run = fixture.backfill();

    assertThat(run.exitCode()).as(run.err()).isZero();
    MigrationFixture.assertSameRows(fixture.source, fixture.target, "teas", "id");
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT count(*) FROM cutover.backfill_checkpoints WHERE finished AND copied")).isEqualTo(1);
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT caught_up_deleted FROM cutover.backfill_checkpoints WHERE migration = 'other'")).isZero();
  }

  @Test
  void aBackfillRunThatIsNotANumberIsExit2NamingTheVariable() {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY)");
    fixture.manifest(6, "  - {name: teas, primaryKey: [id]}\n");
    Map<String, String> env = new java.util.HashMap<>(fixture.env());
    env.put(CutoverConstants.ENV_BACKFILL_RUN, "latest");

    MigrationFixture.Run run = fixture.run(env);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(CutoverConstants.ENV_BACKFILL_RUN);
  }

  @Test
  void rowsAlreadyInTheTargetAreNotOverwrittenByTheCopyAndThenCaughtUpWithTheSource() throws Exception {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY, name text)");
    fixture.source.execute("INSERT INTO teas SELECT i, 'old ' || i FROM generate_series(1, 200) i");
    fixture.target.execute("INSERT INTO teas VALUES (4, 'newer, dual-written'), (15, 'newer too'), (195, 'newest')");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");

    MigrationFixture.Run run = fixture.backfill();

    assertThat(run.exitCode()).as(run.err()).isZero();
    // The copy inserted only the keys the target lacked; the catch-up then found the three rows
    // unlike the source's current ones (no application wrote them there) and overwrote them.
    MigrationFixture.assertSameRows(fixture.source, fixture.target, "teas", "id");
    assertThat(JSON.readValue(run.result(), WorkerResult.class).tables.get(0).caughtUpOverwritten).isEqualTo(3);
    assertThat(run.err()).contains("caught up: 0 rows deleted, 0 inserted, 3 overwritten");
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT rows_inserted FROM cutover.backfill_checkpoints")).isEqualTo(197);
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT rows_copied FROM cutover.backfill_checkpoints")).isEqualTo(200);
  }

  @Test
  void partitionsOfACompositeKeyTogetherCopyEveryRowOnce() throws Exception {
    fixture.both("CREATE TABLE cups (shop text, n int, size text, PRIMARY KEY (shop, n))");
    fixture.source.execute(
        "INSERT INTO cups SELECT 'shop ' || (i % 13) || E' \\'q\\'', i, 'size ' || i FROM generate_series(1, 500) i");
    fixture.manifest(17, "  - {name: cups, primaryKey: [shop, n]}\n");

    long total = 0;
    for (int partition = 0; partition < 3; partition++) {
      MigrationFixture.Run run = fixture.backfill("--partition", String.valueOf(partition), "--partitions", "3");
      assertThat(run.exitCode()).as(run.err()).isZero();
      WorkerResult result = JSON.readValue(run.result(), WorkerResult.class);
      assertThat(result.partition).isEqualTo(partition);
      assertThat(result.partitions).isEqualTo(3);
      assertThat(result.tables.get(0).rows).isBetween(100L, 250L);
      total += result.tables.get(0).rows;
    }

    assertThat(total).isEqualTo(500);
    assertThat(MigrationFixture.dump(fixture.target, "cups", "shop, n"))
        .isEqualTo(MigrationFixture.dump(fixture.source, "cups", "shop, n"));
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT sum(rows_inserted) FROM cutover.backfill_checkpoints WHERE partitions = 3")).isEqualTo(500);
  }

  @Test
  void theIndexedJobEnvironmentPicksThePartition() throws Exception {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY)");
    fixture.source.execute("INSERT INTO teas SELECT generate_series(1, 90)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");
    Map<String, String> env = new java.util.HashMap<>(fixture.env());
    env.put(CutoverConstants.ENV_JOB_COMPLETION_INDEX, "1");
    env.put(CutoverConstants.ENV_PARTITIONS, "2");

    MigrationFixture.Run run = fixture.run(env);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(MigrationFixture.count(fixture.target, "SELECT min(id) FROM teas")).isEqualTo(46);
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM teas")).isEqualTo(45);
  }

  @Test
  void aTableMissingInTheTargetIsExit2NamingIt() {
    fixture.source.execute("CREATE TABLE teas (id int PRIMARY KEY)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");
    MigrationFixture.Run run = fixture.backfill();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"public\".\"teas\"").contains("target").contains("spec.tables[0]");
    assertThat(run.result()).contains("\"exitCode\":2").contains("\"ok\":false");
  }

  @Test
  void aPartitionOutsideTheCountIsExit2NamingTheOptionsAndTheResultClaimsNoPartition() throws Exception {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");

    MigrationFixture.Run run = fixture.backfill("--partition", "5", "--partitions", "2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--partition must be from 0 to 1 (--partitions is 2), got 5");
    WorkerResult result = JSON.readValue(run.result(), WorkerResult.class);
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.partition).isNull();
    assertThat(result.partitions).isNull();
    assertThat(run.result()).doesNotContain("\"partition\"");
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM teas")).isZero();
  }

  @Test
  void aFailedRunListsEveryTableItTouchedWithTheRowsItCommitted() throws Exception {
    fixture.source.execute("CREATE TABLE kinds (id int PRIMARY KEY)", "INSERT INTO kinds SELECT generate_series(1, 5)",
        "CREATE TABLE prices (id int PRIMARY KEY, price text)",
        "INSERT INTO prices SELECT i, CASE WHEN i = 150 THEN 'ten' ELSE i::text END FROM generate_series(1, 200) i");
    fixture.target.execute("CREATE TABLE kinds (id int PRIMARY KEY)",
        "CREATE TABLE prices (id int PRIMARY KEY, price integer)");
    fixture.manifest(10, """
          - {name: kinds, primaryKey: [id]}
          - {name: prices, primaryKey: [id]}
        """);

    MigrationFixture.Run run = fixture.backfill();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"public\".\"prices\"").contains("key (150)");
    WorkerResult result = JSON.readValue(run.result(), WorkerResult.class);
    assertThat(result.ok).isFalse();
    assertThat(result.tables).extracting(table -> table.name + " " + table.rows)
        .containsExactly("kinds 5", "prices 140");
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM prices")).isEqualTo(140);
  }

  @Test
  void aTableMissingInTheSourceIsExit2NamingIt() {
    fixture.target.execute("CREATE TABLE \"Green Teas\" (id int PRIMARY KEY)");
    fixture.manifest(10, "  - {name: Green Teas, primaryKey: [id]}\n");
    MigrationFixture.Run run = fixture.backfill();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"public\".\"Green Teas\"").contains("source");
  }

  @Test
  void aSpecColumnMissingInTheTargetIsExit2NamingTableAndColumn() {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY, name text)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id], columns: [id, name, colour]}\n");
    MigrationFixture.Run run = fixture.backfill();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"public\".\"teas\"").contains("\"colour\"").contains("spec.tables[0].columns");
  }

  @Test
  void aPrimaryKeyWithoutAUniqueIndexInTheTargetIsExit2() {
    fixture.both("CREATE TABLE teas (id int, name text)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");
    MigrationFixture.Run run = fixture.backfill();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no primary key or unique index");
  }

  @Test
  void aValueTheTargetTypeCannotHoldIsExit2NamingTableColumnAndKey() {
    fixture.source.execute("CREATE TABLE prices (sku text, shop int, price text, PRIMARY KEY (sku, shop))",
        "INSERT INTO prices VALUES ('a', 1, '10'), ('b''s', 2, 'ten'), ('c', 3, '30')");
    fixture.target.execute("CREATE TABLE prices (sku text, shop int, price integer, PRIMARY KEY (sku, shop))");
    fixture.manifest(10, "  - {name: prices, primaryKey: [sku, shop]}\n");

    MigrationFixture.Run run = fixture.backfill();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"public\".\"prices\"").contains("column \"price\"").contains("key (b's, 2)");
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM prices")).isZero();
  }

  @Test
  void aMalformedDsnIsExit2NamingTheVariableWithoutThePassword() {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");
    Map<String, String> env = new java.util.HashMap<>(fixture.env());
    env.put(CutoverConstants.ENV_TARGET_DSN, "postgres://u:" + TestPostgres.PASSWORD + "@host:port/db");

    MigrationFixture.Run run = fixture.run(env);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("CUTOVER_TARGET_DSN");
    assertThat(run.all()).doesNotContain(TestPostgres.PASSWORD).doesNotContain("s3cr3t");
  }

  @Test
  void aFileThatIsNotAMigrationIsExit2() throws Exception {
    java.nio.file.Files.writeString(fixture.manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    MigrationFixture.Run run = fixture.backfill();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is not a Migration: kind ConfigMap");
  }

  @Test
  void anUnreachableStoreIsExit3AfterBoundedRetriesWithoutThePassword() throws Exception {
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> env = new java.util.HashMap<>(fixture.env());
    env.put(CutoverConstants.ENV_SOURCE_DSN,
        "postgres://postgres:" + "hunter2%40x" + "@127.0.0.1:" + closedPort + "/db?connect_timeout=2");
    env.put(Retry.ENV_ATTEMPTS, "3");

    long start = System.nanoTime();
    MigrationFixture.Run run = fixture.run(env);

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("source").contains("unreachable").contains("after 3 attempts").contains("CUTOVER_SOURCE_DSN");
    assertThat(run.all()).doesNotContain("hunter2");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
  }

  @Test
  void noOutputEverCarriesThePassword() {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY)");
    fixture.source.execute("INSERT INTO teas VALUES (1)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");
    List<MigrationFixture.Run> runs = List.of(fixture.backfill(), fixture.backfill());
    for (MigrationFixture.Run run : runs) {
      assertThat(run.exitCode()).isZero();
      assertThat(run.all()).doesNotContain(TestPostgres.PASSWORD).doesNotContain("s3cr3t");
    }
    assertThat(new HashSet<>(List.of(runs.get(1).err().split("\n")))).anyMatch(l -> l.contains("skipped"));
  }

  @Test
  void identityAndGeneratedTargetColumnsTakeTheSourceValuesOrTheirOwn() {
    fixture.source.execute("CREATE TABLE teas (id bigint PRIMARY KEY, price numeric)",
        "INSERT INTO teas VALUES (10, 1.5), (20, 2.5)");
    fixture.target.execute("CREATE TABLE teas (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, price numeric,"
        + " doubled numeric GENERATED ALWAYS AS (price * 2) STORED)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");

    MigrationFixture.Run run = fixture.backfill();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(MigrationFixture.dump(fixture.target, "teas", "id")).isEqualTo("10\t1.5\t3.0\n20\t2.5\t5.0\n");
  }

  @Test
  void keyLiteralsUseTheSourceTypesWhenTheyDifferFromTheTarget() throws Exception {
    fixture.source.execute("CREATE TABLE codes (code text PRIMARY KEY, n int)",
        "INSERT INTO codes SELECT 'c' || i, i FROM generate_series(1, 60) i");
    fixture.target.execute("CREATE TABLE codes (code varchar(10) PRIMARY KEY, n bigint)");
    fixture.manifest(7, "  - {name: codes, primaryKey: [code]}\n");

    for (int partition = 0; partition < 2; partition++) {
      MigrationFixture.Run run = fixture.backfill("--partition", String.valueOf(partition), "--partitions", "2");
      assertThat(run.exitCode()).as(run.err()).isZero();
    }

    assertThat(MigrationFixture.dump(fixture.target, "codes", "code"))
        .isEqualTo(MigrationFixture.dump(fixture.source, "codes", "code"));
  }

  @Test
  void aRowTheTargetConstraintsRefuseIsExit2NamingTableAndColumn() {
    fixture.source.execute("CREATE TABLE teas (id int PRIMARY KEY, name text)",
        "INSERT INTO teas VALUES (1, 'a'), (2, NULL)");
    fixture.target.execute("CREATE TABLE teas (id int PRIMARY KEY, name text NOT NULL)");
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");

    MigrationFixture.Run run = fixture.backfill();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"public\".\"teas\"").contains("column \"name\"").contains("key (2)")
        .contains("not-null");
  }

  @Test
  void aDatabaseTheServerDoesNotHaveIsExit2WithoutRetrying() {
    fixture.manifest(10, "  - {name: teas, primaryKey: [id]}\n");
    Map<String, String> env = new java.util.HashMap<>(fixture.env());
    env.put(CutoverConstants.ENV_TARGET_DSN, fixture.target.uri().replace(fixture.target.name(), "no_such_db"));
    env.put(Retry.ENV_FIRST_DELAY_MS, "5000");

    MigrationFixture.Run run = fixture.run(env);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("target database CUTOVER_TARGET_DSN").contains("refused the connection")
        .contains("no_such_db");
    assertThat(run.all()).doesNotContain("s3cr3t");
  }

  @Test
  void partitionsStartedAtOnceAgreeOnOnePlanAndCopyEveryRowOnce() throws Exception {
    fixture.both("CREATE TABLE teas (id int PRIMARY KEY, name text)");
    fixture.source.execute("INSERT INTO teas SELECT i, 'tea ' || i FROM generate_series(1, 3000) i");
    fixture.manifest(100, "  - {name: teas, primaryKey: [id]}\n");
    List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int i = 0; i < 4; i++) {
        Map<String, String> env = new java.util.HashMap<>(fixture.env());
        env.put(CutoverConstants.ENV_JOB_COMPLETION_INDEX, String.valueOf(i));
        env.put(CutoverConstants.ENV_PARTITIONS, "4");
        env.put(CutoverConstants.ENV_RESULT_FILE, dir.resolve("result-" + i + ".json").toString());
        runs.add(pool.submit(() -> dev.cutover.cli.Main.run(
            new String[] {"backfill", "-f", fixture.manifest.toString()}, env,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))));
      }
      for (java.util.concurrent.Future<Integer> run : runs) {
        assertThat(run.get()).isZero();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM cutover.backfill_partitions")).isEqualTo(1);
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT sum(rows_inserted) FROM cutover.backfill_checkpoints WHERE finished")).isEqualTo(3000);
    assertThat(MigrationFixture.dump(fixture.target, "teas", "id"))
        .isEqualTo(MigrationFixture.dump(fixture.source, "teas", "id"));
  }
}
