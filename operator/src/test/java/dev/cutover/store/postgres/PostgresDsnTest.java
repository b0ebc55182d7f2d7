package dev.cutover.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.store.StoreException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresDsnTest {
  private static final String ENV = "CUTOVER_SOURCE_DSN";

  @Test
  void parsesLibpqUriWithPercentEncodedCredentialsAndQueryParameters() throws Exception {
    PostgresDsn dsn = PostgresDsn.parse(
        "postgres://app%20user:p%40ss%3Aw%2Frd@db.example.com:6432/shop%20db?sslmode=require&connect_timeout=5", ENV);

    assertThat(dsn.hosts()).containsExactly("db.example.com:6432");
    assertThat(dsn.database()).isEqualTo("shop db");
    assertThat(dsn.user()).isEqualTo("app user");
    assertThat(dsn.properties().getProperty("password")).isEqualTo("p@ss:w/rd");
    assertThat(dsn.properties().getProperty("sslmode")).isEqualTo("require");
    assertThat(dsn.properties().getProperty("connectTimeout")).isEqualTo("5");
    assertThat(dsn.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6432/shop%20db");
  }

  @Test
  void acceptsPostgresqlSchemeDefaultPortIpv6AndSeveralHosts() throws Exception {
    PostgresDsn dsn = PostgresDsn.parse("postgresql://u@[::1],other:5433/db", ENV);
    assertThat(dsn.hosts()).containsExactly("[::1]:5432", "other:5433");
    assertThat(dsn.user()).isEqualTo("u");
    assertThat(dsn.properties().getProperty("password")).isNull();
  }

  @Test
  void toleratesUnescapedAtSignsAndSlashesInThePassword() throws Exception {
    PostgresDsn dsn = PostgresDsn.parse("postgres://u:a@b/c@host/db", ENV);
    assertThat(dsn.properties().getProperty("password")).isEqualTo("a@b/c");
    assertThat(dsn.hosts()).containsExactly("host:5432");
    assertThat(dsn.database()).isEqualTo("db");
  }

  @Test
  void parsesJdbcUrlKeepingCredentialsOutOfTheUrl() throws Exception {
    PostgresDsn dsn = PostgresDsn.parse(
        "jdbc:postgresql://h1:5433,h2/orders?user=me&password=hunter2&sslmode=verify-full", ENV);
    assertThat(dsn.hosts()).containsExactly("h1:5433", "h2:5432");
    assertThat(dsn.database()).isEqualTo("orders");
    assertThat(dsn.user()).isEqualTo("me");
    assertThat(dsn.properties().getProperty("password")).isEqualTo("hunter2");
    assertThat(dsn.properties().getProperty("sslmode")).isEqualTo("verify-full");
    assertThat(dsn.jdbcUrl()).doesNotContain("hunter2").doesNotContain("me");
  }

  @Test
  void neverShowsThePasswordInToString() throws Exception {
    PostgresDsn dsn = PostgresDsn.parse("postgres://u:Sup3rS3cret@h:5432/db", "CUTOVER_TARGET_DSN");
    assertThat(dsn.toString()).doesNotContain("Sup3rS3cret").contains("CUTOVER_TARGET_DSN").contains("h:5432/db");
    assertThat(dsn.jdbcUrl()).doesNotContain("Sup3rS3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "mysql://u:Sup3rS3cret@h/db",
      "postgres://u:Sup3rS3cret@h:notaport/db",
      "postgres://u:Sup3rS3cret@h:70000/db",
      "postgres://u:Sup3rS3cret@/db",
      "postgres://u:Sup3rS3cret@h:5432",
      "postgres://u:Sup3rS3cret%zz@h/db",
      "postgres://u:Sup3rS3cret@[::1/db",
      "postgres://u:Sup3rS3cret@h/db?sslmode",
      "jdbc:postgresql://h:badport/db?password=Sup3rS3cret",
      "postgres://u:Sup3rS3cret@h/db?sslmode=bogus",
      "postgres://u:Sup3rS3cret@h/db?sslmdoe=require",
      "jdbc:postgresql://h/db?password=Sup3rS3cret&sslmode=bogus",
  })
  void malformedDsnNamesTheVariableButNotTheDsn(String dsn) {
    assertThatThrownBy(() -> PostgresDsn.parse(dsn, "CUTOVER_TARGET_DSN"))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_INPUT);
          assertThat(e.getMessage()).startsWith("CUTOVER_TARGET_DSN ");
          assertThat(e.getMessage()).doesNotContain("Sup3rS3cret");
          if (!dsn.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(dsn);
          }
        });
  }

  @Test
  void aParameterTheDriverDoesNotKnowOrAnSslmodeTypoIsRefusedByName() {
    assertThatThrownBy(() -> PostgresDsn.parse("postgres://u:p@h/db?sslmdoe=require", "CUTOVER_TARGET_DSN"))
        .hasMessageContaining("the parameter 'sslmdoe'");
    assertThatThrownBy(() -> PostgresDsn.parse("postgres://u:p@h/db?sslmode=bogus", "CUTOVER_TARGET_DSN"))
        .hasMessageContaining("sslmode that is not one of disable, allow, prefer, require, verify-ca, verify-full");
  }

  @Test
  void saysWhatIsWrong() {
    assertThat(problem("postgres://u@h:x/db")).contains("port");
    assertThat(problem("postgres://u@h")).contains("no database");
    assertThat(problem("redis://h")).contains("does not start with");
    assertThat(problem("postgres://u:%G1@h/db")).contains("percent-escape in the password");
    assertThat(problem(null)).contains("not set");
  }

  @Test
  void decodesMultiByteUtf8Escapes() throws Exception {
    assertThat(PostgresDsn.parse("postgres://j%C3%BCrgen:%F0%9F%94%91@h/d%C3%A9", ENV).database()).isEqualTo("dé");
    assertThat(PostgresDsn.parse("postgres://j%C3%BCrgen:%F0%9F%94%91@h/d", ENV).properties().getProperty("password"))
        .isEqualTo("🔑");
  }

  @Test
  void withDatabaseKeepsCredentials() throws Exception {
    PostgresDsn other = PostgresDsn.parse("postgres://u:pw@h/one", ENV).withDatabase("two");
    assertThat(other.database()).isEqualTo("two");
    assertThat(other.properties().getProperty("password")).isEqualTo("pw");
    assertThat(List.of(other.hosts().get(0))).containsExactly("h:5432");
  }

  private static String problem(String dsn) {
    try {
      PostgresDsn.parse(dsn, ENV);
      throw new AssertionError("accepted " + dsn);
    } catch (StoreException e) {
      return e.getMessage();
    }
  }
}
