package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.testing.TcpProxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the worker commands meet a store that fails: a configuration error exits 2 at once, a dead
 * store is tried exactly {@code CUTOVER_STORE_ATTEMPTS} times before exit 3, and a scan that loses
 * its connection resumes. Attempts are counted at a proxy in front of the database.
 */
class StoreFailuresTest {
  private static final String TEAS = "  - {name: teas, primaryKey: [id]}\n";
  @TempDir Path dir;

  private TwoDatabases teas(int rows) {
    return teas(rows, 8);
  }

  private TwoDatabases teas(int rows, int nameRepeats) {
    TwoDatabases dbs = new TwoDatabases(dir).manifest("  backfill: {batchSize: 50}\n", TEAS);
    dbs.both("CREATE TABLE teas (id int PRIMARY KEY, name text)");
    dbs.source.execute("INSERT INTO teas SELECT i, repeat('tea ', " + nameRepeats + ") || i"
        + " FROM generate_series(1, " + rows + ") i");
    return dbs;
  }

  private static String targetDsn(TwoDatabases dbs, int port, String parameters) {
    return "postgres://postgres:s3cr3t@127.0.0.1:" + port + "/" + dbs.target.name() + parameters;
  }

  @ParameterizedTest
  @ValueSource(strings = {"backfill", "verify", "preflight", "sequences"})
  void anSslmodeTypoIsExit2BeforeAnyConnectionAttempt(String command) {
    TwoDatabases dbs = teas(3);
    try (TcpProxy server = TcpProxy.deadServer()) {
      Map<String, String> env = dbs.env();
      env.put("CUTOVER_TARGET_DSN", targetDsn(dbs, server.port(), "?sslmode=bogus"));

      TwoDatabases.Run run = dbs.run(env, command, command.equals("sequences") ? new String[] {"--to", "target"} : new String[0]);

      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.result().error).contains("CUTOVER_TARGET_DSN").contains("sslmode");
      assertThat(server.connections()).isZero();
      assertThat(run.err()).doesNotContain("s3cr3t");
    }
  }

  @Test
  void sslRequiredButNotOfferedIsExit2AfterOneAttempt() {
    TwoDatabases dbs = teas(3);
    try (TcpProxy proxy = new TcpProxy(dbs.target.port())) {
      Map<String, String> env = dbs.env();
      env.put("CUTOVER_STORE_ATTEMPTS", "5");
      env.put("CUTOVER_TARGET_DSN", targetDsn(dbs, proxy.port(), "?sslmode=require"));

      TwoDatabases.Run run = dbs.run(env, "backfill");

      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.result().error).contains("target database CUTOVER_TARGET_DSN")
          .contains("does not support SSL").contains("retrying will not help");
      assertThat(proxy.connections()).isEqualTo(1);
    }
  }

  @Test
  void aSessionParameterTheServerRefusesIsExit2AfterOneAttempt() {
    TwoDatabases dbs = teas(3);
    try (TcpProxy proxy = new TcpProxy(dbs.target.port())) {
      Map<String, String> env = dbs.env();
      env.put("CUTOVER_STORE_ATTEMPTS", "5");
      env.put("CUTOVER_TARGET_DSN", targetDsn(dbs, proxy.port(), "?options=-c%20work_mem%3Dlots"));

      TwoDatabases.Run run = dbs.run(env, "preflight");

      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.result().error).contains("work_mem").contains("refused the connection");
      assertThat(proxy.connections()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"backfill", "verify", "preflight", "sequences"})
  void aDeadTargetIsTriedExactlyTheConfiguredAttemptsThenExit3(String command) {
    TwoDatabases dbs = teas(3);
    try (TcpProxy server = TcpProxy.deadServer()) {
      Map<String, String> env = dbs.env();
      env.put("CUTOVER_STORE_ATTEMPTS", "4");
      env.put("CUTOVER_TARGET_DSN", targetDsn(dbs, server.port(), "?sslmode=disable"));

      TwoDatabases.Run run = dbs.run(env, command, command.equals("sequences") ? new String[] {"--to", "target"} : new String[0]);

      assertThat(run.exit()).as(run.err()).isEqualTo(3);
      assertThat(run.result().error).contains("target").contains("unreachable").contains("after 4 attempts");
      assertThat(server.connections()).isEqualTo(4);
    }
  }

  @Test
  void aTargetLostInTheMiddleOfABackfillIsRetriedWithinOneBudget() {
    TwoDatabases dbs = teas(20_000);
    try (TcpProxy proxy = new TcpProxy(dbs.target.port())) {
      proxy.onServerBytes(20_000, proxy::dead);
      Map<String, String> env = dbs.env();
      env.put("CUTOVER_TARGET_DSN", targetDsn(dbs, proxy.port(), "?sslmode=disable"));

      TwoDatabases.Run run = dbs.run(env, "backfill");

      assertThat(run.exit()).as(run.err()).isEqualTo(3);
      // Three tries in all: the write that broke and two reconnects; not three reconnects per try.
      assertThat(proxy.connections()).as(run.err()).isEqualTo(3);
      assertThat(TwoDatabases.queryLong(dbs.target, "SELECT count(*) FROM teas")).isBetween(1L, 19_999L);
    }
  }

  @Test
  void verifyResumesAScanWhoseBackendWasTerminatedAndGivesTheSameVerdict() {
    // 30 MB: more than the socket buffers hold, so the server is still sending when the proxy stops.
    TwoDatabases dbs = teas(100_000, 75);
    assertThat(dbs.run("backfill").exit()).isZero();
    dbs.target.execute("UPDATE teas SET name = 'changed' WHERE id = 77777");
    // The streamed scan is what resumes; digests computed in the databases move too little to cut.
    Map<String, String> streamed = dbs.env();
    streamed.put("CUTOVER_VERIFY_IN_DATABASE", "false");
    TwoDatabases.Run baseline = dbs.run(streamed, "verify");
    assertThat(baseline.exit()).as(baseline.err()).isEqualTo(1);

    try (TcpProxy proxy = new TcpProxy(dbs.target.port())) {
      // Once the target has streamed 1 MB of the scan (and waits, mid-COPY), its backend is terminated.
      proxy.onServerBytes(1_000_000, () -> dbs.target.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
              + " AND application_name = 'cutover' AND state = 'active' AND query LIKE 'COPY%'"
              + " AND pid <> pg_backend_pid()"));
      Map<String, String> env = new java.util.HashMap<>(streamed);
      env.put("CUTOVER_TARGET_DSN", targetDsn(dbs, proxy.port(), "?sslmode=disable"));

      TwoDatabases.Run resumed = dbs.run(env, "verify");

      assertThat(resumed.err()).contains("\"public\".\"teas\" target: ").contains("resuming after key (");
      assertThat(resumed.exit()).as(resumed.err()).isEqualTo(1);
      assertThat(resumed.result().tables).singleElement().satisfies(table -> {
        assertThat(table.sourceRows).isEqualTo(100_000);
        assertThat(table.targetRows).isEqualTo(100_000);
        assertThat(table.different).isEqualTo(1);
        assertThat(table.missingInTarget).isZero();
        assertThat(table.missingInSource).isZero();
        assertThat(table.sampleKeys).containsExactly("(77777)");
      });
      assertThat(resumed.result().tables.get(0).different).isEqualTo(baseline.result().tables.get(0).different);
    }
  }
}
