package dev.cutover.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLiteralTest {

  @Test
  void doublesSingleQuotesAndLeavesBackslashesAlone() {
    assertThat(SqlLiteral.quote("it's")).isEqualTo("'it''s'");
    assertThat(SqlLiteral.quote("a\\'b")).isEqualTo("'a\\''b'");
    assertThat(SqlLiteral.typed("42", "bigint")).isEqualTo("'42'::bigint");
  }

  @Test
  void refusesNulAndNull() {
    assertThatThrownBy(() -> SqlLiteral.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlLiteral.quote(null)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The server must read back exactly the value that was quoted, whatever it holds. */
  @ParameterizedTest
  @ValueSource(strings = {
      "plain", "", "'", "''", "it's", "\\", "\\'", "'; DROP TABLE x; --", "tab\there", "new\nline",
      "E'\\x41'", "ünïcødé 日本語 🔑", "$$dollar$$", "\"double\"", "\\N"})
  void roundTripsThroughTheServer(String value) throws Exception {
    TestPostgres.Database db = database();
    try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
      statement.execute(PostgresConnector.SESSION_SETUP);
      try (ResultSet rows = statement.executeQuery("SELECT " + SqlLiteral.typed(value, "text"))) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo(value);
      }
    }
  }

  private static TestPostgres.Database shared;

  private static synchronized TestPostgres.Database database() {
    if (shared == null) {
      shared = TestPostgres.createDatabase("literal");
    }
    return shared;
  }
}
