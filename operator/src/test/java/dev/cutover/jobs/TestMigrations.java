package dev.cutover.jobs;

import dev.cutover.api.Cohort;
import dev.cutover.api.FoundationDbEndpoint;
import dev.cutover.api.FoundationDbTableSpec;
import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.PostgresEndpoint;
import dev.cutover.api.StoreKind;
import dev.cutover.api.TableSpec;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Migrations as the API server returns them: named, namespaced, with a uid, a status and managedFields. */
final class TestMigrations {
  private TestMigrations() {}

  /** PostgreSQL -> PostgreSQL, two tables. */
  static Migration postgres(String namespace, String name) {
    Migration migration = new Migration();
    migration.setMetadata(new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withUid(UUID.randomUUID().toString())
        .withGeneration(3L)
        .withResourceVersion("42")
        .withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}"))
        .withManagedFields(new ManagedFieldsEntry("cutover.dev/v1alpha1", "FieldsV1", null, "kubectl", "Update", null, null))
        .build());
    migration.getSpec().phase = Phase.SHADOW;
    migration.getSpec().source.kind = StoreKind.POSTGRES;
    migration.getSpec().source.postgres = postgresEndpoint("old-db", "dsn");
    migration.getSpec().target.kind = StoreKind.POSTGRES;
    migration.getSpec().target.postgres = postgresEndpoint("new-db", "url");
    migration.getSpec().tables = List.of(table("teas"), table("Tea Leaves"));
    migration.getSpec().flags.configMap = "server-flags";
    Cohort cohort = new Cohort();
    cohort.attribute = "userId";
    cohort.values = List.of("123", "no");
    migration.getSpec().readRamp.cohorts = List.of(cohort);
    migration.setStatus(new dev.cutover.api.MigrationStatus());
    migration.getStatus().phase = Phase.OLD;
    migration.getStatus().observedGeneration = 2L;
    return migration;
  }

  /** FoundationDB -> PostgreSQL, one table. */
  static Migration foundationDb(String namespace, String name) {
    Migration migration = postgres(namespace, name);
    migration.getSpec().source.kind = StoreKind.FOUNDATIONDB;
    migration.getSpec().source.postgres = null;
    migration.getSpec().source.foundationdb = new FoundationDbEndpoint();
    migration.getSpec().source.foundationdb.clusterFile.configMapKeyRef = new ConfigMapKeySelector("cluster", "fdb-cluster", false);
    TableSpec teas = table("teas");
    teas.foundationdb = new FoundationDbTableSpec();
    teas.foundationdb.keyPrefix = List.of("records", "tea");
    teas.foundationdb.key = List.of("id");
    migration.getSpec().tables = List.of(teas);
    return migration;
  }

  static TableSpec table(String name) {
    TableSpec table = new TableSpec();
    table.name = name;
    table.primaryKey = List.of("id");
    return table;
  }

  private static PostgresEndpoint postgresEndpoint(String secret, String key) {
    PostgresEndpoint endpoint = new PostgresEndpoint();
    endpoint.dsn.secretKeyRef = new SecretKeySelector(key, secret, false);
    return endpoint;
  }
}
