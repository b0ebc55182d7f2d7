package dev.cutover.sandbox;

import dev.cutover.api.Endpoint;
import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.PostgresEndpoint;
import dev.cutover.api.StoreKind;
import dev.cutover.api.TableSpec;
import dev.cutover.api.WorkloadKind;
import dev.cutover.api.WorkloadReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of the sandbox: the Secrets with the two DSNs, the application's flags
 * ConfigMap (in the {@code old} state, next to a key the operator must leave alone), the
 * application's Deployment, and the Migration moving it from the self-hosted PostgreSQL to the
 * managed one.
 */
public final class SandboxManifests {
  public static final String MIGRATION = "teaelephant";
  public static final String FLAGS_CONFIG_MAP = "teaelephant-server-flags";
  public static final String SERVER = "server";
  public static final String SOURCE_SECRET = "selfhosted-db";
  public static final String TARGET_SECRET = "managed-db";
  static final String DSN_KEY = "dsn";
  /** An application setting in the flags ConfigMap that the operator does not own. */
  static final String UNRELATED_KEY = "LOG_LEVEL";
  static final String UNRELATED_VALUE = "info";

  private SandboxManifests() {}

  public static Secret dsnSecret(String name, String jdbcUrl) {
    return new SecretBuilder().withNewMetadata().withName(name).addToLabels("app", "teaelephant").endMetadata()
        .withType("Opaque")
        .addToData(DSN_KEY, Base64.getEncoder().encodeToString(jdbcUrl.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  public static ConfigMap flags() {
    Map<String, String> data = new LinkedHashMap<>(ServerFlags.OLD.asData());
    data.put(UNRELATED_KEY, UNRELATED_VALUE);
    return new ConfigMapBuilder().withNewMetadata().withName(FLAGS_CONFIG_MAP).addToLabels("app", "teaelephant")
        .endMetadata().withData(data).build();
  }

  /** The server reads its flags as environment variables, so a flag change needs a restart. */
  public static Deployment server() {
    return new DeploymentBuilder()
        .withNewMetadata().withName(SERVER).addToLabels("app", "teaelephant").endMetadata()
        .withNewSpec().withReplicas(2)
        .withNewSelector().addToMatchLabels("app", "teaelephant").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "teaelephant").endMetadata()
        .withNewSpec().addNewContainer().withName("server").withImage("ghcr.io/teaelephant/server:1.42")
        .addNewEnvFrom().withNewConfigMapRef().withName(FLAGS_CONFIG_MAP).endConfigMapRef().endEnvFrom()
        .endContainer().endSpec().endTemplate().endSpec().build();
  }

  /**
   * PostgreSQL to PostgreSQL as an SRE writes it (samples/postgres-to-postgres.yaml): every table in
   * foreign-key order, a backfill in two partitions, full verification without repair (a walk must
   * pass without one); only the ramp and the bake are short, for a sandbox.
   */
  public static Migration migration(Phase phase) {
    Migration migration = new Migration();
    migration.getMetadata().setName(MIGRATION);
    var spec = migration.getSpec();
    spec.phase = phase;
    spec.source = postgres(SOURCE_SECRET);
    spec.target = postgres(TARGET_SECRET);
    List<TableSpec> tables = new ArrayList<>();
    for (TableDefinition definition : TeaElephantSchema.TABLES) {
      TableSpec table = new TableSpec();
      table.name = definition.name();
      table.primaryKey = new ArrayList<>(definition.primaryKey());
      tables.add(table);
    }
    spec.tables = tables;
    spec.flags.configMap = FLAGS_CONFIG_MAP;
    spec.flags.backendValues.source = Side.SOURCE.backendValue();
    spec.flags.backendValues.target = Side.TARGET.backendValue();
    spec.flags.restartWorkloads = new ArrayList<>(List.of(new WorkloadReference(WorkloadKind.Deployment, SERVER)));
    spec.backfill.parallelism = 2;
    spec.backfill.batchSize = 1000;
    spec.verification.maxAge = "1h";
    spec.readRamp.steps = new ArrayList<>(List.of(10, 50, 100));
    spec.readRamp.interval = "2s";
    spec.bake = "2s";
    return migration;
  }

  private static Endpoint postgres(String secret) {
    Endpoint endpoint = new Endpoint();
    endpoint.kind = StoreKind.POSTGRES;
    endpoint.postgres = new PostgresEndpoint();
    endpoint.postgres.dsn.secretKeyRef = new SecretKeySelector(DSN_KEY, secret, false);
    return endpoint;
  }
}
