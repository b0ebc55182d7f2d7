package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** One side of the migration: its kind and how to reach it. */
@ValidationRule(
    value = "self.kind == 'foundationdb' ? has(self.foundationdb) : has(self.postgres)",
    message = "the block named by kind must be set: kind foundationdb needs foundationdb.clusterFile, kind postgres needs postgres.dsn")
public class Endpoint {

  /** The kind of database: foundationdb or postgres. */
  @JsonPropertyDescription("The kind of database: foundationdb or postgres.")
  @Required
  public StoreKind kind = StoreKind.POSTGRES;

  /** Where the FoundationDB cluster file is, when kind is foundationdb. */
  @JsonPropertyDescription("Where the FoundationDB cluster file is, when kind is foundationdb.")
  public FoundationDbEndpoint foundationdb;

  /** Where the PostgreSQL connection string is, when kind is postgres. */
  @JsonPropertyDescription("Where the PostgreSQL connection string is, when kind is postgres.")
  public PostgresEndpoint postgres;
}
