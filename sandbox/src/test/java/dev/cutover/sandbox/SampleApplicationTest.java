package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cutover.api.Phase;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sample application against two real PostgreSQL servers and the in-process API. */
class SampleApplicationTest {
  static final String NS = "teaelephant";
  static SandboxDatabases databases;
  static SandboxCluster cluster;

  final List<String> log = new CopyOnWriteArrayList<>();
  SampleApplication app;

  @BeforeAll
  static void start() {
    databases = SandboxDatabases.start(300);
    cluster = SandboxCluster.start(NS);
  }

  @AfterAll
  static void stop() {
    cluster.close();
    databases.close();
  }

  @BeforeEach
  void emptyTargetAndOldFlags() throws Exception {
    try (Connection target = databases.connect(Side.TARGET); Statement statement = target.createStatement()) {
      statement.execute("TRUNCATE " + String.join(", ",
          TeaElephantSchema.TABLES.stream().map(TableDefinition::quotedName).toList()));
    }
    cluster.client().configMaps().inNamespace(NS).resource(SandboxManifests.flags()).createOr(c -> c.update());
  }

  @AfterEach
  void stopApp() {
    if (app != null) {
      app.close();
    }
  }

  SampleApplication startApp() throws Exception {
    app = new SampleApplication(databases, cluster.client(), NS, SandboxManifests.FLAGS_CONFIG_MAP, 200, log::add);
    app.start();
    return app;
  }

  static void setFlags(ServerFlags flags) {
    cluster.client().configMaps().inNamespace(NS).withName(SandboxManifests.FLAGS_CONFIG_MAP)
        .edit(c -> {
          c.getData().putAll(flags.asData());
          return c;
        });
  }

  /** What a backfill does, minus everything that makes it fast: every row, parents first. */
  static void copySourceToTarget() throws Exception {
    try (Connection source = databases.connect(Side.SOURCE); Connection target = databases.connect(Side.TARGET)) {
      for (TableDefinition table : TeaElephantSchema.TABLES) {
        List<RowImage> rows = new ArrayList<>();
        try (Statement statement = source.createStatement();
            ResultSet result = statement.executeQuery(
                "SELECT " + table.selectListAsText() + " FROM " + table.quotedName())) {
          while (result.next()) {
            rows.add(RowStatements.image(result, table.columns().size()));
          }
        }
        for (RowImage row : rows) {
          RowStatements.apply(target, table, RowStatements.keyOf(table, row), row);
        }
      }
    }
  }

  static void awaitWrites(SampleApplication app, Phase phase, long atLeast) {
    await().atMost(Duration.ofSeconds(20))
        .until(() -> app.ledger().counts(phase).acknowledgedTotal() >= atLeast);
  }

  LedgerCheck.Result check(Side side) throws Exception {
    try (Connection connection = databases.connect(side)) {
      return LedgerCheck.check(app.ledger(), connection, side);
    }
  }

  @Test
  void inOldEveryWriteGoesToTheSourceOnly() throws Exception {
    startApp();
    awaitWrites(app, Phase.OLD, 100);
    app.stop();

    assertThat(check(Side.SOURCE).passed()).isTrue();
    assertThat(check(Side.SOURCE).checked()).isGreaterThan(50);
    assertThat(databases.rowCounts(Side.TARGET).values()).allMatch(rows -> rows == 0);
    assertThat(app.ledger().counts(Phase.SHADOW).acknowledgedTotal()).isZero();
  }

  @Test
  void shadowMirrorsEveryWriteSoTheCopiedTargetMatchesTheLedger() throws Exception {
    // The application starts with these flags and no write is made before the copy: nothing is lost in between.
    setFlags(new ServerFlags(Side.SOURCE, true, 0));
    copySourceToTarget();
    startApp();
    await().atMost(Duration.ofSeconds(5)).until(() -> app.flags().phase() == Phase.SHADOW);
    awaitWrites(app, Phase.SHADOW, 150);
    app.stop();

    LedgerCheck.Result target = check(Side.TARGET);
    assertThat(target.problems()).isEmpty();
    assertThat(target.checked()).isGreaterThan(100);
    assertThat(app.mirrorFailures()).isEmpty();
    assertThat(databases.rowCounts(Side.TARGET)).isEqualTo(databases.rowCounts(Side.SOURCE));
  }

  @Test
  void aMirroredWriteOfAChildWhoseParentIsNotCopiedYetIsNotAcknowledged() throws Exception {
    startApp();
    setFlags(new ServerFlags(Side.SOURCE, true, 0));
    await().atMost(Duration.ofSeconds(5)).until(() -> app.flags().phase() == Phase.SHADOW);
    await().atMost(Duration.ofSeconds(20)).until(() -> app.ledger().counts(Phase.SHADOW).notAcknowledged() >= 20);
    app.stop();

    assertThat(app.mirrorFailures().keySet()).anyMatch(reason -> reason.contains("foreign key"));
    // Acknowledged or not, the primary has every write: the source agrees with the ledger.
    assertThat(check(Side.SOURCE).problems()).isEmpty();
  }

  @Test
  void reverseShadowWritesTheTargetFirstAndMirrorsToTheSource() throws Exception {
    // The application starts with these flags and no write is made before the copy: nothing is lost in between.
    setFlags(new ServerFlags(Side.TARGET, true, 100));
    copySourceToTarget();
    startApp();
    await().atMost(Duration.ofSeconds(5)).until(() -> app.flags().phase() == Phase.REVERSE_SHADOW);
    awaitWrites(app, Phase.REVERSE_SHADOW, 100);
    app.stop();

    assertThat(check(Side.TARGET).problems()).isEmpty();
    assertThat(check(Side.SOURCE).problems()).isEmpty();
    assertThat(app.reads().served(Phase.REVERSE_SHADOW, Side.TARGET)).isPositive();
    assertThat(app.reads().served(Phase.REVERSE_SHADOW, Side.SOURCE)).isZero();
  }

  @Test
  void readPercentSplitsReadsBetweenTheStores() throws Exception {
    // The application starts with these flags and no write is made before the copy: nothing is lost in between.
    setFlags(new ServerFlags(Side.SOURCE, true, 50));
    copySourceToTarget();
    startApp();
    await().atMost(Duration.ofSeconds(5)).until(() -> app.flags().readPercent() == 50);
    await().atMost(Duration.ofSeconds(20)).until(() ->
        app.reads().served(Phase.SHADOW, Side.TARGET) >= 30 && app.reads().served(Phase.SHADOW, Side.SOURCE) >= 30);
  }

  @Test
  void newWritesTheTargetOnlyAndTheLedgerCatchesALostWrite() throws Exception {
    // The application starts with these flags and no write is made before the copy: nothing is lost in between.
    setFlags(new ServerFlags(Side.TARGET, false, 100));
    copySourceToTarget();
    startApp();
    await().atMost(Duration.ofSeconds(5)).until(() -> app.flags().phase() == Phase.NEW);
    awaitWrites(app, Phase.NEW, 100);
    app.stop();
    assertThat(check(Side.TARGET).problems()).isEmpty();

    RowKey written = app.ledger().entries().entrySet().stream()
        .filter(e -> e.getKey().table().equals("teas") && !e.getValue().acknowledged().deleted())
        .map(Map.Entry::getKey).findFirst().orElseThrow();
    try (Connection target = databases.connect(Side.TARGET); Statement statement = target.createStatement()) {
      statement.execute("UPDATE teas SET price = 0.01 WHERE id = '" + written.values().get(0) + "'");
    }

    LedgerCheck.Result result = check(Side.TARGET);
    assertThat(result.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo(written);
      assertThat(problem.description()).contains("price is '0.01'");
    });
    // The source never saw the writes made in new.
    assertThat(check(Side.SOURCE).problems()).isNotEmpty();
  }

  @Test
  void aFlagValueTheServerDoesNotUnderstandKeepsThePreviousFlags() throws Exception {
    startApp();
    cluster.client().configMaps().inNamespace(NS).withName(SandboxManifests.FLAGS_CONFIG_MAP)
        .edit(c -> {
          c.getData().put("DATABASE_BACKEND", "foundationdb");
          return c;
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> log.stream().anyMatch(l -> l.contains("DATABASE_BACKEND='foundationdb'")));
    assertThat(app.flags()).isEqualTo(ServerFlags.OLD);
  }

  @Test
  void rolloutFinishesOnlyOnceTheApplicationRunsWithTheNewFlags() throws Exception {
    cluster.client().apps().deployments().inNamespace(NS).resource(SandboxManifests.server()).createOr(d -> d.update());
    startApp();
    try (ServerRollout rollout = new ServerRollout(cluster.client(), NS, SandboxManifests.SERVER,
        SandboxManifests.FLAGS_CONFIG_MAP, app::runsWith, Duration.ofMillis(200), log::add)) {
      rollout.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> rolledOut(deployment()));

      setFlags(new ServerFlags(Side.SOURCE, true, 0));
      cluster.client().apps().deployments().inNamespace(NS).withName(SandboxManifests.SERVER).edit(d -> {
        d.getSpec().getTemplate().getMetadata().getAnnotations().put("cutover.dev/flags-hash", "abc");
        return d;
      });

      await().atMost(Duration.ofSeconds(5)).until(() -> !rolledOut(deployment()));
      await().atMost(Duration.ofSeconds(5)).until(() -> rolledOut(deployment()));
      assertThat(app.flags().phase()).isEqualTo(Phase.SHADOW);
      assertThat(log).contains("deployment/server successfully rolled out")
          .anyMatch(line -> line.startsWith("server now runs with") && line.endsWith("(shadow)"));
    }
  }

  static Deployment deployment() {
    return cluster.client().apps().deployments().inNamespace(NS).withName(SandboxManifests.SERVER).get();
  }

  /** What kubectl rollout status checks. */
  static boolean rolledOut(Deployment deployment) {
    var status = deployment.getStatus();
    int replicas = deployment.getSpec().getReplicas();
    return status != null && status.getObservedGeneration() != null
        && status.getObservedGeneration() >= deployment.getMetadata().getGeneration()
        && status.getUpdatedReplicas() != null && status.getUpdatedReplicas() == replicas
        && status.getAvailableReplicas() != null && status.getAvailableReplicas() == replicas;
  }

  static ConfigMap flagsConfigMap() {
    return cluster.client().configMaps().inNamespace(NS).withName(SandboxManifests.FLAGS_CONFIG_MAP).get();
  }
}
