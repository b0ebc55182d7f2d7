package dev.cutover.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.TableSpec;
import dev.cutover.api.TableVerification;
import dev.cutover.store.Key;
import dev.cutover.store.Retry;
import dev.cutover.store.TableShape;
import dev.cutover.store.postgres.PostgresConnector;
import dev.cutover.store.postgres.PostgresDsn;
import dev.cutover.store.postgres.PostgresRowRewriter;
import dev.cutover.store.postgres.PostgresRowSource;
import dev.cutover.store.postgres.PostgresRowsByKey;
import dev.cutover.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verification while the application keeps dual-writing, against two real PostgreSQL databases:
 * a write the scan caught between the primary and its mirror must not count as a mismatch, and a
 * repair must not overwrite a newer row with an older copy.
 */
class LiveWritesVerifyTest {
  private static final Retry FAST = new Retry(2, Duration.ofMillis(5), Duration.ofMillis(10));
  private static final String ACCOUNTS = "CREATE TABLE accounts (id bigint PRIMARY KEY, name text,"
      + " balance numeric(12,2), ratio double precision, at timestamptz, raw bytea, tags text[], attrs jsonb)";
  private static final String ROWS = "INSERT INTO accounts SELECT i, 'name ' || i, i * 1.25, i / 7.0,"
      + " timestamptz '2024-01-31 10:00:00.5+02' + i * interval '1 hour', decode(lpad(to_hex(i), 8, '0'), 'hex'),"
      + " ARRAY['a,b', 'q\"u', NULL, 'NULL', ''], jsonb_build_object('i', i, 'tags', jsonb_build_array(1.50, 'x'))"
      + " FROM generate_series(1, %d) i";

  private final TestPostgres.Database source = TestPostgres.createDatabase("live_src");
  private final TestPostgres.Database target = TestPostgres.createDatabase("live_tgt");
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<Integer> rounds = new CopyOnWriteArrayList<>();

  @BeforeEach
  void accounts() {
    for (TestPostgres.Database side : List.of(source, target)) {
      side.execute(ACCOUNTS, ROWS.formatted(300));
    }
  }

  @Test
  void aWriteMirroredWhileDifferencesAreConfirmedIsNotCountedButALastingDifferenceIs() throws Exception {
    // In flight: the primary has them, the mirror has not landed yet.
    source.execute("UPDATE accounts SET balance = 0.01, attrs = '{\"moved\": true}' WHERE id = 42",
        "INSERT INTO accounts (id, name) VALUES (1000, 'inserted')",
        "DELETE FROM accounts WHERE id = 99");
    // Lasting: damaged on the target by hand.
    target.execute("UPDATE accounts SET name = 'damaged' WHERE id = 7");

    TableVerification result = verify(confirming(3, round -> {
      if (round == 1) {
        target.execute("UPDATE accounts SET balance = 0.01, attrs = '{\"moved\": true}' WHERE id = 42",
            "INSERT INTO accounts (id, name) VALUES (1000, 'inserted')",
            "DELETE FROM accounts WHERE id = 99");
      }
    }));

    assertThat(result.different).as(stderr()).isEqualTo(1);
    assertThat(result.missingInTarget).isZero();
    assertThat(result.missingInSource).isZero();
    assertThat(result.mismatches).isEqualTo(1);
    assertThat(result.sampleKeys).containsExactly("(7)");
    assertThat(rounds).as("the lasting key is re-read every round").containsExactly(1, 2, 3);
    assertThat(stderr()).contains("3 differing keys converged while being confirmed")
        .contains("differs: different (7)").doesNotContain("(42)").doesNotContain("(1000)");
  }

  @Test
  void aDifferenceThatLastsKeepsTheKindTheLastRoundSaw() throws Exception {
    source.execute("UPDATE accounts SET name = 'newer' WHERE id = 5");
    // The target lost the row meanwhile (say, a mirrored delete raced a later insert): still a mismatch.
    TableVerification result = verify(confirming(2, round -> {
      if (round == 1) {
        target.execute("DELETE FROM accounts WHERE id = 5");
      }
    }));

    assertThat(result.missingInTarget).as(stderr()).isEqualTo(1);
    assertThat(result.different).isZero();
    assertThat(result.sampleKeys).containsExactly("(5)");
  }

  @Test
  void everyValueReadByKeyHashesAsTheScanDidSoRepairedRowsConverge() throws Exception {
    target.execute("UPDATE accounts SET name = 'stale', attrs = NULL WHERE id % 2 = 0");

    TableVerification result = verify(confirming(1, round -> target.execute("TRUNCATE accounts",
        ROWS.formatted(300))));

    assertThat(result.mismatches).as(stderr()).isZero();
    assertThat(stderr()).contains("150 differing keys converged");
  }

  @Test
  void manyDifferencesAreConfirmedInChunksAndAllCounted() throws Exception {
    target.execute("DELETE FROM accounts WHERE id > 250");
    ConfirmationSettings small = new ConfirmationSettings(2, 0, 7, 3, (round, millis) -> rounds.add(round));

    TableVerification result = verify(small);

    assertThat(result.missingInTarget).as(stderr()).isEqualTo(50);
    assertThat(rounds).as("two rounds for each of the 8 chunks").hasSize(16);
  }

  @Test
  void withoutDifferencesNothingIsReadAgain() throws Exception {
    TableVerification result = verify(confirming(3, round -> { }));

    assertThat(result.mismatches).isZero();
    assertThat(rounds).isEmpty();
  }

  /**
   * The race a repair used to lose: it read the primary's row, the application wrote a newer value
   * to the primary and mirrored it, and then the repair wrote its older copy over the mirror. Now
   * the primary's row stays locked from the repair's read until its write has committed, so the
   * application's write waits and its mirror lands last.
   */
  @Test
  void anApplicationWriteDuringARepairWaitsForItAndEndsNewerOnBothSides() throws Exception {
    target.execute("UPDATE accounts SET name = 'damaged' WHERE id = 7");
    List<String> order = new CopyOnWriteArrayList<>();
    AtomicReference<CompletableFuture<Void>> application = new AtomicReference<>();
    ExecutorService applicationThread = Executors.newSingleThreadExecutor();
    try (PostgresRowsByKey primary = new PostgresRowsByKey(connector(source, "source"));
        PostgresRowRewriter writer = new PostgresRowRewriter(connector(target, "target"))) {
      RepairedRows writeWhileTheApplicationWrites = (table, rows, deletes) -> {
        if (application.get() == null) {
          application.set(CompletableFuture.runAsync(() -> {
            source.execute("UPDATE accounts SET name = 'newer' WHERE id = 7");
            order.add("application wrote the primary");
            target.execute("UPDATE accounts SET name = 'newer' WHERE id = 7");
            order.add("application mirrored");
          }, applicationThread));
          try {
            application.get().get(500, TimeUnit.MILLISECONDS);
          } catch (TimeoutException expected) {
            order.add("application waits");
          } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
          }
        }
        writer.rewrite(table, rows, deletes);
        order.add("repair committed");
      };
      Repairer repairer = new Repairer((table, keys, write) -> primary.readLocked(table, keys, write::rows),
          writeWhileTheApplicationWrites, Verifier.REPAIR_BATCH);
      // The check after the repair may catch the mirror in flight: its confirmation waits for it.
      ConfirmationSettings awaitingTheMirror = confirming(3, round -> {
        if (application.get() != null) {
          application.get().get(10, TimeUnit.SECONDS);
        }
      });

      TableVerification result = verify(awaitingTheMirror, repairer);

      application.get().get(10, TimeUnit.SECONDS);
      assertThat(order).containsExactly("application waits", "repair committed", "application wrote the primary",
          "application mirrored");
      assertThat(result.repaired).isEqualTo(1);
      assertThat(result.mismatches).as(stderr()).isZero();
      assertThat(name(source, 7)).isEqualTo("newer");
      assertThat(name(target, 7)).isEqualTo("newer");
    } finally {
      applicationThread.shutdownNow();
    }
  }

  @Test
  void aPrimaryThatRefusesLocksIsReadWithoutThemAndSaysSoOnce() throws Exception {
    String role = "reader_" + source.name();
    source.execute("CREATE ROLE " + role + " LOGIN", "GRANT SELECT ON accounts TO " + role);
    PostgresConnector readOnly = new PostgresConnector(PostgresDsn.parse(
        "postgres://" + role + "@localhost:" + source.port() + "/" + source.name(), "CUTOVER_SOURCE_DSN"), FAST, "source");
    List<String> notices = new ArrayList<>();
    List<String> read = new ArrayList<>();
    try (PostgresRowsByKey primary = new PostgresRowsByKey(readOnly, notices::add);
        PostgresRowSource targetScan = PostgresRowSource.open(connector(target, "target"))) {
      TableShape table = shape(targetScan);
      primary.readLocked(table, List.of(Key.of("3")), rows -> rows.forEach(row -> read.add(row[1])));
      primary.readLocked(table, List.of(Key.of("4"), Key.of("404")), rows -> rows.forEach(row -> read.add(row[1])));
    }

    assertThat(read).containsExactly("name 3", "name 4");
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0)).contains("refused to lock rows of table \"public\".\"accounts\"")
        .contains("grant UPDATE");
  }

  // ---- fixtures ----

  private static String name(TestPostgres.Database database, int id) throws Exception {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT name FROM accounts WHERE id = " + id)) {
      return result.next() ? result.getString(1) : null;
    }
  }

  @FunctionalInterface
  interface RoundHook {
    void before(int round) throws Exception;
  }

  private ConfirmationSettings confirming(int count, RoundHook hook) {
    return new ConfirmationSettings(count, 1, 10_000, 100, (round, millis) -> {
      rounds.add(round);
      try {
        hook.before(round);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private TableVerification verify(ConfirmationSettings confirmation) throws Exception {
    return verify(confirmation, null);
  }

  private TableVerification verify(ConfirmationSettings confirmation, Repairer repairer) throws Exception {
    try (PostgresRowSource sourceScan = PostgresRowSource.open(connector(source, "source"));
        PostgresRowSource targetScan = PostgresRowSource.open(connector(target, "target"));
        PostgresRowsByKey sourceByKey = new PostgresRowsByKey(connector(source, "source"));
        PostgresRowsByKey targetByKey = new PostgresRowsByKey(connector(target, "target"));
        Verifier verifier = new Verifier(ComparisonSettings.DEFAULT.withBatchSize(50),
            new Verifier.Confirmation(sourceByKey::read, targetByKey::read, confirmation),
            null, new PrintStream(err, true, StandardCharsets.UTF_8), dev.cutover.store.Retry.DEFAULT)) {
      return verifier.verify(List.of(shape(targetScan)), sourceScan, targetScan,
          repairer == null ? null : new Verifier.Repair(repairer, "source")).get(0);
    }
  }

  static PostgresConnector connector(TestPostgres.Database database, String role) throws Exception {
    return new PostgresConnector(PostgresDsn.parse(database.uri(), "CUTOVER_" + role.toUpperCase() + "_DSN"), FAST, role);
  }

  static TableShape shape(PostgresRowSource target) throws Exception {
    TableSpec spec = new TableSpec();
    spec.name = "accounts";
    spec.primaryKey = new ArrayList<>(List.of("id"));
    return target.catalog().resolveTarget(spec, 0);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
