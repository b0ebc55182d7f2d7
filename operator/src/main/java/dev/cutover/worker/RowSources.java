package dev.cutover.worker;

import dev.cutover.api.CutoverConstants;
import dev.cutover.api.MigrationSpec;
import dev.cutover.store.Retry;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.foundationdb.FoundationDbRowSource;
import dev.cutover.store.postgres.PostgresConnector;
import dev.cutover.store.postgres.PostgresDsn;
import dev.cutover.store.postgres.PostgresRowSource;
import java.util.Map;

/**
 * Opens the stores a worker talks to from the spec and the environment the Job gives it: the source
 * as a {@link RowSource} of its kind, and the PostgreSQL target.
 */
public final class RowSources {
  private RowSources() {}

  /** The source named by {@code spec.source.kind}, connected (an unreachable store fails here). */
  public static RowSource openSource(MigrationSpec spec, Map<String, String> env, Retry retry)
      throws StoreException {
    return switch (spec.source.kind) {
      case POSTGRES -> PostgresRowSource.open(sourceConnector(env, retry));
      case FOUNDATIONDB -> FoundationDbRowSource.open(spec, env);
    };
  }

  /** The PostgreSQL source's connections, from {@code CUTOVER_SOURCE_DSN}. */
  public static PostgresConnector sourceConnector(Map<String, String> env, Retry retry) throws StoreException {
    String variable = CutoverConstants.ENV_SOURCE_DSN;
    return new PostgresConnector(PostgresDsn.fromEnv(env, variable), retry, "source");
  }

  /** The PostgreSQL target's connections, from {@code CUTOVER_TARGET_DSN}. */
  public static PostgresConnector targetConnector(Map<String, String> env, Retry retry) throws StoreException {
    String variable = CutoverConstants.ENV_TARGET_DSN;
    return new PostgresConnector(PostgresDsn.fromEnv(env, variable), retry, "target");
  }
}
