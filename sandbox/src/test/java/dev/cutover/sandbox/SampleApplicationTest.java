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
          TeaElephantSchema.TABLES.stream().map(TableDefinition::quotedName).toList()) + " RESTART IDENTITY");
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

  /** What a backfill does, minus everything that makes it fast: every row, parents first, ids as they are. */
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
          TestRows.put(target, table, RowStatements.keyOf(table, row), row);
        }
      }
    }
  }

  /** What the operator does before the target becomes primary: its sequences past every id used. */
  static void moveSequencesToTarget() throws Exception {
    try (Connection source = databases.connect(Side.SOURCE); Connection target = databases.connect(Side.TARGET)) {
      for (TableDefinition table : TeaElephantSchema.TABLES) {
        if (table.generatedColumn().isPresent()) {
          TestRows.moveSequence(target, source, table, 10_000);
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
    assertThat(app.mirrorMisses()).isEmpty();
    assertThat(databases.rowCounts(Side.TARGET)).isEqualTo(databases.rowCounts(Side.SOURCE));
    // The source's sequences gave the ids; the mirror named them, so the target's sequences never moved.
    assertThat(app.ledger().counts(Phase.SHADOW).generatedKeyInserts()).isPositive();
    try (Connection source = databases.connect(Side.SOURCE); Connection targetDb = databases.connect(Side.TARGET)) {
      for (TableDefinition table : List.of(TeaElephantSchema.CONSUMPTIONS, TeaElephantSchema.NOTIFICATIONS)) {
        assertThat(TestRows.nextId(targetDb, table)).as(table.name()).isEqualTo(1);
        assertThat(TestRows.nextId(source, table)).as(table.name()).isGreaterThan(databases.seeded().get(table.name()));
      }
    }
  }

  @Test
  void inAnEmptyShadowMirroredWritesFailOrFindNoRowAndAreCountedNeverTurnedIntoUpserts() throws Exception {
    startApp();
    setFlags(new ServerFlags(Side.SOURCE, true, 0));
    await().atMost(Duration.ofSeconds(5)).until(() -> app.flags().phase() == Phase.SHADOW);
    await().atMost(Duration.ofSeconds(30)).until(() -> app.ledger().counts(Phase.SHADOW).mirrorFailed() >= 10
        && app.ledger().counts(Phase.SHADOW).mirrorChangedNothing() >= 20
        && app.ledger().counts(Phase.SHADOW).acknowledged(WriteKind.DELETE) >= 5);
    app.stop();

    assertThat(app.mirrorMisses().keySet())
        .anyMatch(reason -> reason.startsWith("shadow ") && reason.contains("violates foreign key constraint"))
        .anyMatch(reason -> reason.endsWith("UPDATE found no row"))
        .anyMatch(reason -> reason.endsWith("DELETE found no row"));
    assertThat(log).anyMatch(line -> line.contains("UPDATE teas missed on the shadow: UPDATE found no row"));
    // Acknowledged when the primary committed: the source agrees with the ledger, mirrored or not.
    assertThat(check(Side.SOURCE).problems()).isEmpty();
    // An UPDATE of a seeded row stayed an UPDATE: no seeded user or tea appeared in the empty target.
    try (Connection target = databases.connect(Side.TARGET); Statement statement = target.createStatement()) {
      assertThat(count(statement, "SELECT count(*) FROM users WHERE email NOT LIKE 'app-%'")).isZero();
      assertThat(count(statement, "SELECT count(*) FROM teas WHERE NOT ('app alias' = ANY (aliases))")).isZero();
      assertThat(count(statement, "SELECT count(*) FROM users")).isPositive();
    }
  }

  static long count(Statement statement, String sql) throws Exception {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void onATargetWhoseSequencesWereNotMovedInsertsWithoutAnIdFailWithADuplicateKey() throws Exception {
    setFlags(new ServerFlags(Side.TARGET, true, 100));
    copySourceToTarget();
    startApp();
    await().atMost(Duration.ofSeconds(5)).until(() -> app.flags().phase() == Phase.REVERSE_SHADOW);
    await().atMost(Duration.ofSeconds(20)).until(() -> app.ledger().generatedKeyDuplicatesOnTarget() >= 5);
    app.stop();

    assertThat(app.refusals().keySet())
        .anyMatch(reason -> reason.startsWith("reverse-shadow consumptions: ") && reason.contains("duplicate key"));
    assertThat(app.ledger().counts(Phase.REVERSE_SHADOW).refused()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void reverseShadowWritesTheTargetFirstAndMirrorsToTheSource() throws Exception {
    // The application starts with these flags and no write is made before the copy: nothing is lost in between.
    setFlags(new ServerFlags(Side.TARGET, true, 100));
    copySourceToTarget();
    moveSequencesToTarget();
    startApp();
    await().atMost(Duration.ofSeconds(5)).until(() -> app.flags().phase() == Phase.REVERSE_SHADOW);
    awaitWrites(app, Phase.REVERSE_SHADOW, 100);
    app.stop();

    assertThat(app.ledger().generatedKeyInsertsOnTarget()).isPositive();
    assertThat(app.ledger().generatedKeyDuplicatesOnTarget()).isZero();
    assertThat(app.refusals()).isEmpty();
    assertThat(app.mirrorMisses()).isEmpty();
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
    moveSequencesToTarget();
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
