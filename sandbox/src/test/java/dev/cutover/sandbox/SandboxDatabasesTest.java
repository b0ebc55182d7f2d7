package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxDatabasesTest {
  static SandboxDatabases databases;

  @BeforeAll
  static void start() {
    databases = SandboxDatabases.start(1000);
  }

  @AfterAll
  static void stop() {
    databases.close();
  }

  @Test
  void sourceHoldsTheSeededRowsOfEveryTableAndTargetIsEmpty() throws Exception {
    Map<String, Long> source = databases.rowCounts(Side.SOURCE);
    Map<String, Long> target = databases.rowCounts(Side.TARGET);

    assertThat(source.keySet()).containsExactly("users", "tag_categories", "tags", "teas", "tea_tags",
        "qr_records", "collections", "collection_qr_items", "devices", "notifications", "consumptions");
    databases.seeded().forEach((table, rows) -> assertThat(source.get(table)).as(table).isEqualTo(rows.longValue()));
    assertThat(source.values().stream().mapToLong(Long::longValue).sum()).isBetween(950L, 1100L);
    assertThat(target.values()).allMatch(rows -> rows == 0);
  }

  @Test
  void seededTextKeepsNonAsciiAndCopySpecialCharacters() throws Exception {
    try (Connection connection = databases.connect(Side.SOURCE); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT count(*) FILTER (WHERE display_name LIKE '李雷%'),"
                + " count(*) FILTER (WHERE display_name LIKE E'Tab\\tSeparated%'),"
                + " count(*) FILTER (WHERE display_name LIKE E'Two\\nLines%'),"
                + " count(*) FILTER (WHERE display_name LIKE 'Back\\slash%' ESCAPE '!') FROM users")) {
      rows.next();
      for (int column = 1; column <= 4; column++) {
        assertThat(rows.getLong(column)).as("column %d", column).isPositive();
      }
    }
  }

  @Test
  void targetRefusesAChildRowWhoseParentIsMissing() throws Exception {
    try (Connection connection = databases.connect(Side.TARGET); Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute(
          "INSERT INTO tea_tags (tea_id, tag_id, created_at) VALUES (md5('tea-1')::uuid, 1, now())"))
          .hasMessageContaining("foreign key");
    }
  }

  @Test
  void dsnPointsAtTheTeaelephantDatabaseOfEachSide() {
    assertThat(databases.jdbcUrl(Side.SOURCE)).startsWith("jdbc:postgresql://localhost:").contains("/teaelephant?");
    assertThat(databases.jdbcUrl(Side.SOURCE)).isNotEqualTo(databases.jdbcUrl(Side.TARGET));
  }

  @Test
  void tooFewRowsAreRefusedWithTheOptionName() {
    assertThatThrownBy(() -> TeaElephantSeed.countsFor(10)).hasMessageContaining("--rows");
  }

  @Test
  void rowCountsScaleWithTheRequestedRows() {
    assertThat(TeaElephantSeed.countsFor(100_000).total()).isBetween(99_000, 101_000);
    assertThat(TeaElephantSeed.countsFor(100_000).of("tea_tags")).isEqualTo(14_000);
  }
}
