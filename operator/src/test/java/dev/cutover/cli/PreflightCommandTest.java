package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.WorkerResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover preflight} against two real PostgreSQL databases: it refuses, naming the culprit, and writes nothing. */
class PreflightCommandTest {
  @TempDir Path dir;

  @Test
  void aGoodSchemaPassesListsItsSequencesAndWritesNothing() {
    TwoDatabases dbs = new TwoDatabases(dir).manifest("", """
          - {name: kinds, primaryKey: [id]}
          - {name: teas, schema: Tea Shop, primaryKey: [id], columns: [id, kind, name]}
        """);
    dbs.both("CREATE SEQUENCE custom_seq", "CREATE SCHEMA \"Tea Shop\"",
        "CREATE TABLE kinds (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label varchar(20))",
        "CREATE TABLE \"Tea Shop\".teas (id bigint PRIMARY KEY DEFAULT nextval('custom_seq'), kind int, name text)");
    // Widenings the target may take: varchar(20) -> text, int -> bigint.
    dbs.target.execute("ALTER TABLE kinds ALTER label TYPE text", "ALTER TABLE \"Tea Shop\".teas ALTER kind TYPE bigint");

    TwoDatabases.Run run = dbs.run("preflight");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.result().command).isEqualTo("preflight");
    assertThat(run.result().problems).isEmpty();
    assertThat(run.result().sequences).extracting(s -> s.table + "." + s.column + " " + s.source + " " + s.target)
        .containsExactly("kinds.id public.kinds_id_seq public.kinds_id_seq",
            "Tea Shop.teas.id public.custom_seq public.custom_seq");
    assertThat(run.err()).contains("cutover preflight: passed: 2 tables, 2 sequences");
    assertNothingWritten(dbs);
  }

  @Test
  void everyProblemIsListedNamingItsTableColumnTypesOrSequence() {
    TwoDatabases dbs = new TwoDatabases(dir).manifest("", """
          - {name: gone, primaryKey: [id]}
          - {name: teas, primaryKey: [id], columns: [id, code, note]}
          - {name: logs, primaryKey: [id]}
          - {name: orders, primaryKey: [id]}
        """);
    dbs.source.execute("CREATE TABLE gone (id int PRIMARY KEY)",
        "CREATE TABLE teas (id int PRIMARY KEY, code text, note text)",
        "CREATE TABLE logs (id int PRIMARY KEY, line text)",
        "CREATE TABLE orders (id bigserial PRIMARY KEY)");
    dbs.target.execute("CREATE TABLE teas (id int PRIMARY KEY, code integer)",
        "CREATE TABLE logs (id int, line text)",
        "CREATE TABLE orders (id bigint PRIMARY KEY)");

    TwoDatabases.Run run = dbs.run("preflight");

    assertThat(run.exit()).isEqualTo(2);
    List<WorkerResult.Problem> problems = run.result().problems;
    assertThat(problems).anySatisfy(p -> {
      assertThat(p.table).isEqualTo("gone");
      assertThat(p.message).contains("does not exist in the target").contains("CUTOVER_TARGET_DSN");
    });
    assertThat(problems).anySatisfy(p -> {
      assertThat(p.table).isEqualTo("teas");
      assertThat(p.column).isEqualTo("note");
      assertThat(p.message).contains("does not exist in the target table");
    });
    assertThat(problems).anySatisfy(p -> {
      assertThat(p.table).isEqualTo("logs");
      assertThat(p.message).contains("the target table has no primary key or unique index").contains("[id]");
    });
    assertThat(problems).anySatisfy(p -> {
      assertThat(p.table).isEqualTo("orders");
      assertThat(p.column).isEqualTo("id");
      assertThat(p.message).contains("public.orders_id_seq").contains("has no sequence");
    });
    assertThat(run.result().error).contains("preflight refused the migration");
    assertThat(run.err()).contains("refused").contains("nothing was written");
    assertNothingWritten(dbs);
  }

  @Test
  void aSourceTypeTheTargetCannotHoldIsRefusedNamingBothTypes() {
    TwoDatabases dbs = new TwoDatabases(dir).manifest("", "  - {name: teas, primaryKey: [id]}\n");
    dbs.source.execute("CREATE TABLE teas (id bigint PRIMARY KEY, code text, price numeric(12,2))");
    dbs.target.execute("CREATE TABLE teas (id integer PRIMARY KEY, code integer, price numeric(12,2))");

    TwoDatabases.Run run = dbs.run("preflight");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.result().problems).extracting(p -> p.table + "." + p.column).containsExactly("teas.id", "teas.code");
    assertThat(run.result().problems.get(1).message)
        .contains("\"code\" is text in the source but integer in the target");
    assertThat(run.result().problems.get(0).message).contains("bigint in the source but integer in the target");
  }

  @Test
  void aTargetUserWithoutCreateOrTablePrivilegesIsRefusedNamingWhatToGrant() {
    TwoDatabases dbs = new TwoDatabases(dir).manifest("", "  - {name: teas, primaryKey: [id]}\n");
    dbs.both("CREATE TABLE teas (id int PRIMARY KEY, name text)");
    String role = "app_" + dbs.target.name();
    dbs.target.execute("CREATE ROLE " + role + " LOGIN", "REVOKE CREATE ON DATABASE " + dbs.target.name() + " FROM PUBLIC",
        "GRANT SELECT ON teas TO " + role);
    Map<String, String> env = dbs.env();
    env.put("CUTOVER_TARGET_DSN", "postgres://" + role + "@localhost:" + dbs.target.port() + "/" + dbs.target.name());

    TwoDatabases.Run run = dbs.run(env, "preflight");

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.result().problems).anySatisfy(p -> {
      assertThat(p.table).isNull();
      assertThat(p.message).contains("may not create the checkpoint schema \"cutover\"").contains("GRANT CREATE ON DATABASE");
    });
    assertThat(run.result().problems).anySatisfy(p -> {
      assertThat(p.table).isEqualTo("teas");
      assertThat(p.message).contains("the target user lacks INSERT, UPDATE, DELETE on table \"public\".\"teas\"");
    });
    assertNothingWritten(dbs);
  }

  private static void assertNothingWritten(TwoDatabases dbs) {
    assertThat(TwoDatabases.queryLong(dbs.target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'cutover'")).isZero();
  }
}
