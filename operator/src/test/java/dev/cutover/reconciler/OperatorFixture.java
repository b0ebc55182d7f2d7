package dev.cutover.reconciler;

import static org.awaitility.Awaitility.await;

import dev.cutover.api.Migration;
import dev.cutover.api.MigrationSpec;
import dev.cutover.api.Phase;
import dev.cutover.api.StoreKind;
import dev.cutover.api.TableSpec;
import dev.cutover.api.WorkloadKind;
import dev.cutover.api.WorkloadReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An in-process cluster with the objects a Migration references (DSN Secrets, the flags ConfigMap
 * with one key the application owns, the server Deployment), a {@link ClusterPlayer}, and the real
 * operator running against it.
 */
final class OperatorFixture implements AutoCloseable {
  static final String NAMESPACE = "shop";
  static final String CONFIG_MAP = "teaelephant-server-flags";

  final TestCluster cluster;
  final ClusterPlayer player;
  /** The User-Agent of the operator's own client, so tests can tell its API calls from theirs. */
  static final String OPERATOR_AGENT = "cutover-operator-under-test";
  private CutoverOperator operator;
  private io.fabric8.kubernetes.client.KubernetesClient operatorClient;
  private final java.util.function.Supplier<MigrationEventSources> sources;

  OperatorFixture() throws Exception {
    this(MigrationEventSources::new);
  }

  /** With the operator's informers made by {@code sources} (one set for each start). */
  OperatorFixture(java.util.function.Supplier<MigrationEventSources> sources) throws Exception {
    this.sources = sources;
    cluster = new TestCluster();
    var client = cluster.client;
    client.resource(new SecretBuilder().withNewMetadata().withName("old-db").withNamespace(NAMESPACE).endMetadata()
        .addToStringData("dsn", "postgres://app:s3cret@old:5432/tea").build()).create();
    client.resource(new SecretBuilder().withNewMetadata().withName("pg").withNamespace(NAMESPACE).endMetadata()
        .addToStringData("dsn", "postgres://app:s3cret@new:5432/tea").build()).create();
    client.resource(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(NAMESPACE).endMetadata()
        .addToData("LOG_LEVEL", "info").build()).create();
    client.resource(new DeploymentBuilder().withNewMetadata().withName("server").withNamespace(NAMESPACE).endMetadata()
        .withNewSpec().withReplicas(2).withNewTemplate().withNewMetadata().addToLabels("app", "server").endMetadata()
        .withNewSpec().addNewContainer().withName("server").withImage("teaelephant/server:1").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    player = new ClusterPlayer(client, NAMESPACE);
    startOperator();
  }

  void startOperator() throws Exception {
    operatorClient = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(cluster.client.getConfiguration())
            .withUserAgent(OPERATOR_AGENT).build())
        .build();
    OperatorSettings settings = OperatorSettings.inProcess();
    operator = CutoverOperator.start(operatorClient, settings, MigrationReconciler.create(operatorClient, settings, sources.get()));
  }

  /** The informers of the running operator. */
  MigrationEventSources eventSources() {
    return operator.eventSources();
  }

  /** The API calls the operator made since the last call (or since the cluster started). */
  List<dev.cutover.deployment.ApiRequest> operatorCalls() throws InterruptedException {
    List<dev.cutover.deployment.ApiRequest> calls = new java.util.ArrayList<>();
    io.fabric8.mockwebserver.http.RecordedRequest request;
    while ((request = cluster.server.takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      if (OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
        calls.add(dev.cutover.deployment.ApiRequest.of(request.getMethod(), request.getPath()));
      }
    }
    return calls;
  }

  void stopOperator() {
    operator.close();
    operatorClient.close();
  }

  /** A PostgreSQL -> PostgreSQL Migration of two tables with a 2s read ramp, restarting the server. */
  static Migration migration(String name, Phase phase) {
    Migration migration = new Migration();
    migration.getMetadata().setName(name);
    migration.getMetadata().setNamespace(NAMESPACE);
    MigrationSpec spec = new MigrationSpec();
    spec.phase = phase;
    spec.source.kind = StoreKind.POSTGRES;
    spec.source.postgres = new dev.cutover.api.PostgresEndpoint();
    spec.source.postgres.dsn.secretKeyRef.setName("old-db");
    spec.source.postgres.dsn.secretKeyRef.setKey("dsn");
    spec.target.kind = StoreKind.POSTGRES;
    spec.target.postgres = new dev.cutover.api.PostgresEndpoint();
    spec.target.postgres.dsn.secretKeyRef.setName("pg");
    spec.target.postgres.dsn.secretKeyRef.setKey("dsn");
    spec.tables = List.of(table("teas"), table("tags"));
    spec.flags.configMap = CONFIG_MAP;
    spec.flags.backendValues.source = "postgres-old";
    spec.flags.backendValues.target = "postgres-new";
    spec.flags.restartWorkloads = List.of(new WorkloadReference(WorkloadKind.Deployment, "server"));
    spec.readRamp.interval = "2s";
    spec.readRamp.steps = List.of(10, 50, 100);
    migration.setSpec(spec);
    return migration;
  }

  private static TableSpec table(String name) {
    TableSpec table = new TableSpec();
    table.name = name;
    table.primaryKey = List.of("id");
    return table;
  }

  Migration apply(Migration migration) {
    return cluster.client.resource(migration).create();
  }

  Migration get(String name) {
    return cluster.migration(NAMESPACE, name);
  }

  /** As {@code kubectl patch mig NAME --type merge -p '{"spec":{"phase":...}}'}: no resourceVersion, no conflict. */
  void setPhase(String name, Phase phase) {
    cluster.client.resources(Migration.class).inNamespace(NAMESPACE).withName(name).patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        "{\"spec\":{\"phase\":\"" + phase.value() + "\"}}");
  }

  Migration awaitStatus(String name, Predicate<Migration> condition, Duration timeout) {
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
        Migration m = get(name);
        return m != null && m.getStatus() != null && condition.test(m);
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("Migration " + name + " did not reach the awaited status; it is:\n"
          + cluster.client.getKubernetesSerialization().asYaml(get(name).getStatus())
          + "events: " + events(name).stream().map(ev -> ev.getReason() + ": " + ev.getMessage()).toList(), e);
    }
    return get(name);
  }

  Map<String, String> flags() {
    ConfigMap configMap = cluster.client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get();
    return configMap.getData();
  }

  List<Event> events(String name) {
    return cluster.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Override
  public void close() {
    try {
      stopOperator();
    } finally {
      player.close();
      cluster.close();
    }
  }
}
