package dev.cutover.worker.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.WorkerResult;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.Retry;
import dev.cutover.store.postgres.PostgresConnector;
import dev.cutover.store.postgres.PostgresDsn;
import dev.cutover.store.postgres.PostgresTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions of a backfill running at once, as the pods of an Indexed Job do, over a parent table
 * {@code accounts} and a child {@code ledger} whose foreign key is real in the target.
 */
class BackfillPartitionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLL = PartitionBarrier.Timing.ENV_POLL_MS;
  private static final String STALL = PartitionBarrier.Timing.ENV_STALL_LIMIT_MS;
  /** A peer that stops is given up on after two seconds here (ten minutes in production). */
  private static final Map<String, String> QUICK = Map.of(POLL, "50", STALL, "2000");

  @TempDir Path dir;
  MigrationFixture fixture;
  final ExecutorService pods = Executors.newFixedThreadPool(2);

  @BeforeEach
  void accountsAndLedger() {
    fixture = new MigrationFixture(dir);
    fixture.both(
        "CREATE TABLE accounts (id int PRIMARY KEY, owner text)",
        "CREATE TABLE ledger (id int PRIMARY KEY, account_id int NOT NULL, amount numeric)");
    fixture.source.execute(
        "INSERT INTO accounts SELECT i, 'owner ' || i FROM generate_series(1, 1000) i",
        // every ledger partition references accounts of both accounts partitions
        "INSERT INTO ledger SELECT i, 1 + (i * 7) % 1000, i / 100.0 FROM generate_series(1, 2000) i");
    fixture.target.execute(
        "ALTER TABLE ledger ADD FOREIGN KEY (account_id) REFERENCES accounts",
        // when each row reached the target (the backfill copies only the listed columns)
        "ALTER TABLE accounts ADD COLUMN copied_at timestamptz NOT NULL DEFAULT clock_timestamp()",
        "ALTER TABLE ledger ADD COLUMN copied_at timestamptz NOT NULL DEFAULT clock_timestamp()");
    fixture.manifest(20, """
          - {name: accounts, primaryKey: [id], columns: [id, owner]}
          - {name: ledger, primaryKey: [id], columns: [id, account_id, amount]}
        """);
  }

  @AfterEach
  void stopPods() throws InterruptedException {
    pods.shutdownNow();
    pods.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Test
  void noLedgerRowIsCopiedBeforeEveryAccountsPartitionFinishedAndAPartitionThatKeepsMovingIsWaitedFor()
      throws Exception {
    // Partition 1 of accounts (ids 501..1000) is slow, but commits a batch every ~0.25 s: partition 0
    // reaches the end of accounts about 6 s before it, longer than the stall limit.
    slowTargetInserts("accounts", "NEW.id > 500", 0.012);
    Map<String, String> timing = Map.of(POLL, "50", STALL, "2500");

    Future<MigrationFixture.Run> pod0 = pods.submit(() -> fixture.partition(0, 2, timing));
    Future<MigrationFixture.Run> pod1 = pods.submit(() -> fixture.partition(1, 2, timing));
    MigrationFixture.Run run0 = pod0.get(60, TimeUnit.SECONDS);
    MigrationFixture.Run run1 = pod1.get(60, TimeUnit.SECONDS);

    assertThat(run0.exitCode()).as(run0.err()).isZero();
    assertThat(run1.exitCode()).as(run1.err()).isZero();
    assertThat(run0.all() + run1.all()).doesNotContain("foreign key");
    assertSameAsSource();
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM ledger WHERE copied_at <="
        + " (SELECT max(copied_at) FROM accounts)")).as("ledger rows copied before the last account").isZero();
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM ledger WHERE copied_at <="
        + " (SELECT max(updated_at) FROM cutover.backfill_checkpoints WHERE table_name = 'accounts' AND finished)"))
        .as("ledger rows copied before accounts was marked finished by every partition").isZero();
    assertThat(run0.err())
        .contains("waiting for the other partitions of \"public\".\"accounts\" to finish before starting"
            + " \"public\".\"ledger\": partition 1/2 ")
        .contains("every partition finished after");
    assertThat(waitedSeconds(run0.err())).as("waited longer than the stall limit").isGreaterThan(2.5);
    for (MigrationFixture.Run run : List.of(run0, run1)) {
      WorkerResult result = JSON.readValue(run.result(), WorkerResult.class);
      assertThat(result.tables).extracting(table -> table.name).containsExactly("accounts", "ledger");
    }
  }

  @Test
  void aPeerThatNeverStartsStopsThePodWithExit3AfterTheStallLimitNamingThePartition() throws Exception {
    long start = System.nanoTime();
    MigrationFixture.Run run = fixture.partition(0, 2, QUICK);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err())
        .contains("waiting for the other partitions of \"public\".\"accounts\"")
        .contains("partition 0/2 gave up waiting for the other partitions of \"public\".\"accounts\":"
            + " partition 1/2 with nothing committed yet; none moved for 2.0s")
        .contains("\"public\".\"ledger\" and the tables after it were not started")
        .contains("JOB_COMPLETION_INDEX 1")
        .contains(STALL + " (now 2000)");
    assertThat(millis).isBetween(2000L, 30_000L);
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM ledger")).isZero();
    WorkerResult result = JSON.readValue(run.result(), WorkerResult.class);
    assertThat(result.exitCode).isEqualTo(3);
    assertThat(result.tables).singleElement().satisfies(table -> {
      assertThat(table.name).isEqualTo("accounts");
      assertThat(table.rows).isEqualTo(500);
    });
  }

  @Test
  void aPeerThatDiesPartWayIsNamedWithHowFarItGotAndItsResultListsWhatItCopied() throws Exception {
    killTargetInsertsOf("accounts", 900); // in partition 1 (501..1000): 380 rows committed before it

    Future<MigrationFixture.Run> pod0 = pods.submit(() -> fixture.partition(0, 2, QUICK));
    Future<MigrationFixture.Run> pod1 = pods.submit(() -> fixture.partition(1, 2, QUICK));
    MigrationFixture.Run waiter = pod0.get(60, TimeUnit.SECONDS);
    MigrationFixture.Run dead = pod1.get(60, TimeUnit.SECONDS);

    assertThat(dead.exitCode()).as(dead.err()).isNotZero();
    assertThat(JSON.readValue(dead.result(), WorkerResult.class).tables).singleElement().satisfies(table -> {
      assertThat(table.name).isEqualTo("accounts");
      assertThat(table.rows).isEqualTo(380);
    });
    assertThat(waiter.exitCode()).as(waiter.err()).isEqualTo(3);
    assertThat(waiter.err()).contains("gave up waiting for the other partitions of \"public\".\"accounts\":"
        + " partition 1/2 at 380 rows; none moved for 2.0s");
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM ledger")).isZero();
  }

  @Test
  void aKilledPartitionRunAgainFindsTheOthersFinishedAndCarriesOnFromItsCheckpoint() throws Exception {
    killTargetInsertsOf("ledger", 1900); // in partition 1 of ledger (1001..2000)
    Future<MigrationFixture.Run> pod0 = pods.submit(() -> fixture.partition(0, 2, QUICK));
    Future<MigrationFixture.Run> pod1 = pods.submit(() -> fixture.partition(1, 2, QUICK));
    assertThat(pod0.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    MigrationFixture.Run killed = pod1.get(60, TimeUnit.SECONDS);
    assertThat(killed.exitCode()).as(killed.err()).isNotZero();
    assertThat(JSON.readValue(killed.result(), WorkerResult.class).tables)
        .extracting(table -> table.name + " " + table.rows).containsExactly("accounts 500", "ledger 880");
    fixture.target.execute("DROP TRIGGER kill ON ledger");

    MigrationFixture.Run again = fixture.partition(1, 2, QUICK);

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err())
        .contains("\"public\".\"accounts\" [partition 1/2]: already finished")
        .contains("\"public\".\"ledger\" [partition 1/2]: starting, resuming after 880 rows copied earlier")
        .doesNotContain("waiting for the other partitions");
    assertSameAsSource();
    assertThat(MigrationFixture.count(fixture.target,
        "SELECT sum(rows_inserted) FROM cutover.backfill_checkpoints WHERE finished")).isEqualTo(3000);
  }

  @Test
  void aPartitionThePlanGivesNothingToCopyCountsAsFinished() throws Exception {
    fixture.source.execute("UPDATE ledger SET account_id = 1", "DELETE FROM accounts WHERE id > 1");

    MigrationFixture.Run run = fixture.partition(0, 2, QUICK);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("waiting for the other partitions");
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM accounts")).isEqualTo(1);
    assertThat(MigrationFixture.count(fixture.target, "SELECT count(*) FROM ledger")).isEqualTo(1000);
  }

  @Test
  void aWaitTimingThatIsNotAPositiveNumberIsExit2NamingTheVariable() {
    MigrationFixture.Run run = fixture.partition(0, 2, Map.of(STALL, "10m"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(STALL + " must be a positive whole number of milliseconds, got '10m'");
  }

  @Test
  void theFinishedMarkIsOnDiskWithEveryEarlierCommitBeforeAnotherPartitionCanReadIt() throws Exception {
    // An asynchronous commit (as the batches are) waits for the WAL writer, slowed here to 10 s: what
    // is flushed sooner was flushed by a synchronous commit.
    fixture.target.execute("ALTER SYSTEM SET wal_writer_delay = '10s'", "SELECT pg_reload_conf()", "SELECT pg_sleep(0.5)");
    CheckpointId id = new CheckpointId("teaelephant/run-1", "public", "accounts", 1, 2);
    try (PostgresTarget target = PostgresTarget.open(new PostgresConnector(
        PostgresDsn.parse(fixture.target.uri(), "CUTOVER_TARGET_DSN"), Retry.DEFAULT, "target"))) {
      assertThat(target.partitionCheckpoints(id)).isEmpty();
      fixture.target.execute("SET synchronous_commit = off; INSERT INTO accounts VALUES (1, 'committed asynchronously')");
      String written = MigrationFixture.text(fixture.target, "SELECT pg_current_wal_insert_lsn()::text");
      assertThat(flushedUpTo(written)).as("the asynchronous commit waits for the WAL writer").isFalse();

      target.finish(id);

      assertThat(flushedUpTo(written)).isTrue();
      assertThat(target.partitionCheckpoints(id)).singleElement()
          .satisfies(mark -> assertThat(mark.checkpoint().finished()).isTrue());
    } finally {
      fixture.target.execute("ALTER SYSTEM RESET wal_writer_delay", "SELECT pg_reload_conf()");
    }
  }

  private boolean flushedUpTo(String lsn) {
    return MigrationFixture.count(fixture.target,
        "SELECT (pg_current_wal_flush_lsn() >= '" + lsn + "'::pg_lsn)::int") == 1;
  }

  /** The seconds of the "every partition finished after" line. */
  private static double waitedSeconds(String err) {
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("every partition finished after ([0-9.]+)s")
        .matcher(err);
    assertThat(matcher.find()).as(err).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  /** Inserting row {@code id} into the target's {@code table} fails, as a pod killed at that batch would. */
  private void killTargetInsertsOf(String table, int id) {
    fixture.target.execute(
        "CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN RAISE EXCEPTION 'the pod was killed here'; END $$",
        "CREATE TRIGGER kill BEFORE INSERT ON " + table + " FOR EACH ROW WHEN (NEW.id = " + id + ")"
            + " EXECUTE FUNCTION refuse_insert()");
  }

  private void slowTargetInserts(String table, String when, double secondsPerRow) {
    fixture.target.execute(
        "CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN PERFORM pg_sleep(" + secondsPerRow + "); RETURN NEW; END $$",
        "CREATE TRIGGER slow BEFORE INSERT ON " + table + " FOR EACH ROW WHEN (" + when + ")"
            + " EXECUTE FUNCTION slow_insert()");
  }

  private void assertSameAsSource() {
    assertThat(MigrationFixture.dump(fixture.target, "(SELECT id, owner FROM accounts) a", "id"))
        .isEqualTo(MigrationFixture.dump(fixture.source, "accounts", "id"));
    assertThat(MigrationFixture.dump(fixture.target, "(SELECT id, account_id, amount FROM ledger) l", "id"))
        .isEqualTo(MigrationFixture.dump(fixture.source, "ledger", "id"));
  }
}
