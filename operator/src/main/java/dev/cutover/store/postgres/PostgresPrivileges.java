package dev.cutover.store.postgres;

import dev.cutover.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the DSN's user may do in one database, asked of the server ({@code has_*_privilege}, which
 * counts role membership and superuser) rather than read from ACLs by hand.
 */
public final class PostgresPrivileges {
  private final Connection connection;
  private final String role;

  public PostgresPrivileges(Connection connection, String role) {
    this.connection = connection;
    this.role = role;
  }

  /** Of {@code privileges} (SELECT, INSERT, ...), those the user lacks on the table {@code qualifiedName}. */
  public List<String> missingOnTable(String qualifiedName, List<String> privileges) throws StoreException {
    List<String> missing = new ArrayList<>();
    for (String privilege : privileges) {
      if (!ask("SELECT pg_catalog.has_table_privilege(?::regclass, ?)", qualifiedName, privilege)) {
        missing.add(privilege);
      }
    }
    return missing;
  }

  /** Of {@code privileges} (USAGE, SELECT, UPDATE), those the user lacks on the sequence. */
  public List<String> missingOnSequence(String qualifiedName, List<String> privileges) throws StoreException {
    List<String> missing = new ArrayList<>();
    for (String privilege : privileges) {
      if (!ask("SELECT pg_catalog.has_sequence_privilege(?::regclass, ?)", qualifiedName, privilege)) {
        missing.add(privilege);
      }
    }
    return missing;
  }

  /**
   * Whether the user can have the schema {@code schema} to write in: it exists and they may use it
   * and create in it, or it does not exist and they may create schemas in this database.
   */
  public boolean canWriteSchema(String schema) throws StoreException {
    if (ask("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?)", schema)) {
      return ask("SELECT pg_catalog.has_schema_privilege(?, 'USAGE, CREATE')", schema);
    }
    return ask("SELECT pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE')");
  }

  private boolean ask(String sql, String... parameters) throws StoreException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new StoreException(
          PostgresErrors.isTransient(e) ? StoreException.Kind.UNAVAILABLE : StoreException.Kind.BAD_INPUT,
          "asking the " + role + " for the user's privileges failed: " + PostgresErrors.message(e));
    }
  }
}
