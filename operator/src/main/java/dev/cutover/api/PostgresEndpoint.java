package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A PostgreSQL database, reached through a connection string kept in a Secret. */
public class PostgresEndpoint {

  /** The Secret key holding the DSN: a JDBC URL or a postgres://user:password@host:port/db URI. */
  @JsonPropertyDescription("The Secret key holding the DSN: a JDBC URL or a postgres://user:password@host:port/db URI.")
  @Required
  public SecretKeyReference dsn = new SecretKeyReference();
}
