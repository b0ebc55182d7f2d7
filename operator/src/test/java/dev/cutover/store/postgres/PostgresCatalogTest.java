package dev.cutover.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.TableSpec;
import dev.cutover.store.Column;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.testing.TestPostgres;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresCatalogTest {
  private static TestPostgres.Database db;
  private static Connection connection;
  private static PostgresCatalog catalog;

  @BeforeAll
  static void tables() throws Exception {
    db = TestPostgres.createDatabase("catalog");
    db.execute(
        "CREATE TABLE teas (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, dropped text, price numeric(12,2),"
            + " \"Name With Space\" varchar(20), total numeric GENERATED ALWAYS AS (price * 2) STORED,"
            + " tags text[], at timestamptz)",
        "ALTER TABLE teas DROP COLUMN dropped",
        "CREATE TABLE pairs (a int, b text, v text, UNIQUE (b, a))",
        "CREATE TABLE covering (a int, b int, CONSTRAINT c UNIQUE (a) INCLUDE (b))",
        "CREATE VIEW tea_view AS SELECT * FROM teas");
    connection = db.connect();
    catalog = new PostgresCatalog(connection, "target", "CUTOVER_TARGET_DSN");
  }

  @AfterAll
  static void close() throws Exception {
    connection.close();
  }

  @Test
  void allColumnsInTableOrderSkippingDroppedAndGeneratedWithCatalogTypes() throws Exception {
    TableShape shape = catalog.resolveTarget(spec("teas", List.of("id"), null), 0);
    assertThat(shape.columns()).containsExactly(
        new Column("id", "bigint"),
        new Column("price", "numeric(12,2)"),
        new Column("Name With Space", "character varying(20)"),
        new Column("tags", "text[]"),
        new Column("at", "timestamp with time zone"));
    assertThat(shape.schema()).isEqualTo("public");
  }

  @Test
  void listedColumnsKeepTheSpecOrder() throws Exception {
    TableShape shape = catalog.resolveTarget(spec("teas", List.of("id"), List.of("price", "id")), 0);
    assertThat(shape.columns()).extracting(Column::name).containsExactly("price", "id");
  }

  @Test
  void aUniqueIndexOnTheKeyColumnsInAnyOrderServesForOnConflict() throws Exception {
    assertThat(catalog.resolveTarget(spec("pairs", List.of("a", "b"), null), 0).primaryKey()).containsExactly("a", "b");
    assertThat(catalog.resolveTarget(spec("covering", List.of("a"), null), 0).columns()).hasSize(2);
    assertThatThrownBy(() -> catalog.resolveTarget(spec("covering", List.of("a", "b"), null), 0))
        .hasMessageContaining("no primary key or unique index");
  }

  @Test
  void namesEachBadSpecPrecisely() {
    assertThat(problem(spec("teas", List.of("id"), List.of("id", "total"))))
        .contains("column \"total\" (spec.tables[3].columns) is generated");
    assertThat(problem(spec("teas", List.of("uid"), null)))
        .contains("column \"uid\" (spec.tables[3].primaryKey) does not exist in the target database");
    assertThat(problem(spec("teas", List.of(), null))).contains("spec.tables[3] (\"public\".\"teas\") has no primaryKey");
    assertThat(problem(spec("tea_view", List.of("id"), null)))
        .contains("table \"public\".\"tea_view\" (spec.tables[3]) does not exist in the target");
  }

  @Test
  void aSourceMayBeAViewButMustHaveEveryColumn() throws Exception {
    PostgresCatalog source = new PostgresCatalog(connection, "source", "CUTOVER_SOURCE_DSN");
    TableShape fromView = new TableShape("public", "tea_view",
        List.of(new Column("id", "bigint"), new Column("price", "numeric")), List.of("id"));
    source.checkSource(fromView, 1);
    TableShape extra = new TableShape("public", "tea_view",
        List.of(new Column("id", "bigint"), new Column("colour", "text")), List.of("id"));
    assertThatThrownBy(() -> source.checkSource(extra, 1))
        .hasMessageContaining("column \"colour\" (spec.tables[1].columns) does not exist in the source database");
  }

  @Test
  void estimatesRowsOnlyOnceAnalyzed() throws Exception {
    db.execute("CREATE TABLE counted (id int PRIMARY KEY)");
    assertThat(catalog.estimatedRows("public", "counted")).isEmpty();
    db.execute("INSERT INTO counted SELECT generate_series(1, 1000)", "ANALYZE counted");
    assertThat(catalog.estimatedRows("public", "counted")).hasValue(1000);
  }

  private static String problem(TableSpec spec) {
    try {
      catalog.resolveTarget(spec, 3);
      throw new AssertionError("accepted " + spec.name);
    } catch (StoreException e) {
      assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_INPUT);
      return e.getMessage();
    }
  }

  private static TableSpec spec(String name, List<String> key, List<String> columns) {
    TableSpec spec = new TableSpec();
    spec.name = name;
    spec.primaryKey = key;
    spec.columns = columns;
    return spec;
  }
}
