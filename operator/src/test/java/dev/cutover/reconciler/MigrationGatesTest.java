package dev.cutover.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.api.Migration;
import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import dev.cutover.jobs.JobTemplate;
import dev.cutover.jobs.WorkerJobs;
import dev.cutover.jobs.WorkerAttempt;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gates that must hold, failures that must be retried or reported, and a crash mid-reconcile. */
class MigrationGatesTest {
  private OperatorFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new OperatorFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static Optional<Condition> condition(Migration m, String type) {
    return m.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @Test
  void aVerificationMismatchHoldsShadowAndNamesTheTableAndRowCount() throws Exception {
    fixture.player.verify = job -> new ClusterPlayer.WorkerExit(1, ClusterPlayer.verifyResult("teas", 100, 3));
    fixture.apply(OperatorFixture.migration("tea", Phase.NEW));

    Migration held = fixture.awaitStatus("tea",
        m -> condition(m, "Verified").map(c -> "False".equals(c.getStatus())).orElse(false)
            && m.getStatus().verification != null && Boolean.FALSE.equals(m.getStatus().verification.passed),
        Duration.ofSeconds(60));
    assertThat(condition(held, "Verified").orElseThrow().getMessage()).contains("teas").contains("3 rows");

    Thread.sleep(5000);
    Migration later = fixture.get("tea");
    assertThat(later.getStatus().phase).isEqualTo(Phase.SHADOW);
    assertThat(later.getStatus().readPercent).isZero();
    assertThat(fixture.flags()).containsEntry("FF_PG_READ_PERCENT", "0").containsEntry("DATABASE_BACKEND", "postgres-old");
    assertThat(later.getStatus().step).isNotEqualTo(Step.Complete);
  }

  @Test
  void aVerificationOlderThanMaxAgeDoesNotOpenTheReadRamp() throws Exception {
    fixture.player.verifyFinishedAgo = Duration.ofSeconds(30);
    Migration migration = OperatorFixture.migration("tea", Phase.SHADOW);
    migration.getSpec().verification.maxAge = "10s";
    fixture.apply(migration);

    Migration held = fixture.awaitStatus("tea", m -> fixture.player.jobs("verify").size() >= 2, Duration.ofSeconds(60));
    assertThat(condition(held, "Verified").orElseThrow().getReason()).isIn("VerificationExpired", "VerificationRunning");
    Thread.sleep(3000);
    assertThat(fixture.get("tea").getStatus().readPercent).isZero();
    assertThat(fixture.flags()).containsEntry("FF_PG_READ_PERCENT", "0");
    assertThat(fixture.events("tea")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("VerificationExpired"));

    fixture.player.verifyFinishedAgo = Duration.ZERO;
    fixture.awaitStatus("tea", m -> m.getStatus().readPercent > 0, Duration.ofSeconds(60));
  }

  @Test
  void aFailingBackfillIsRetriedWithANewJobUpToMaxAttemptsThenFailed() {
    fixture.player.backfill = job -> new ClusterPlayer.WorkerExit(3,
        ClusterPlayer.failedResult("table teas: the source dropped the connection after 3 retries", 3));
    Migration migration = OperatorFixture.migration("tea", Phase.SHADOW);
    migration.getSpec().backfill.maxAttempts = 2;
    fixture.apply(migration);

    Migration failed = fixture.awaitStatus("tea", m -> m.getStatus().step == Step.Failed, Duration.ofSeconds(60));
    assertThat(fixture.player.jobs("backfill")).hasSize(2)
        .extracting(j -> j.getMetadata().getName()).doesNotHaveDuplicates();
    assertThat(failed.getStatus().backfill.state).isEqualTo(RunState.Failed);
    assertThat(failed.getStatus().backfill.failureReason).contains("teas");
    assertThat(fixture.events("tea")).anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  @Test
  void aJobCreatedJustBeforeACrashIsAdoptedNotDuplicated() throws Exception {
    fixture.apply(OperatorFixture.migration("tea", Phase.OLD));
    fixture.awaitStatus("tea", m -> m.getStatus().step == Step.Complete, Duration.ofSeconds(30));
    fixture.player.rolloutsFinish = false;
    fixture.setPhase("tea", Phase.SHADOW);
    fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.SHADOW && m.getStatus().step == Step.WaitingForRollout,
        Duration.ofSeconds(30));
    fixture.player.jobsRun = false;

    // The operator dies right after creating the backfill Job, before it could record it in status.
    fixture.stopOperator();
    new WorkerJobs(fixture.cluster.client, new JobTemplate(OperatorSettings.DEFAULT_WORKER_IMAGE))
        .ensure(WorkerAttempt.backfill(fixture.get("tea"), 1));
    assertThat(fixture.get("tea").getStatus().backfill).isNull();

    fixture.player.rolloutsFinish = true;
    fixture.player.jobsRun = true;
    fixture.startOperator();
    fixture.awaitStatus("tea", m -> m.getStatus().step == Step.Complete, Duration.ofSeconds(60));
    assertThat(fixture.player.jobs("backfill")).hasSize(1);
  }

  @Test
  void rollbackFromReverseShadowMovesPrimaryAndReadsInOneWriteAndNewCannotGoBack() {
    try (FlagRecorder recorder = new FlagRecorder(fixture)) {
      fixture.apply(OperatorFixture.migration("tea", Phase.REVERSE_SHADOW));
      fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.REVERSE_SHADOW && m.getStatus().step == Step.Complete,
          Duration.ofSeconds(60));
      int before = recorder.sequence().size();
      fixture.setPhase("tea", Phase.SHADOW);
      fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.SHADOW, Duration.ofSeconds(30));
      assertThat(recorder.sequence().get(before - 1)).isEqualTo("postgres-new,true,100");
      assertThat(recorder.sequence().get(before)).as("the first flags written by the rollback")
          .isEqualTo("postgres-old,true,0");
    }

    fixture.setPhase("tea", Phase.NEW);
    fixture.awaitStatus("tea", m -> m.getStatus().phase == Phase.NEW && m.getStatus().step == Step.Complete,
        Duration.ofSeconds(90));
    fixture.setPhase("tea", Phase.REVERSE_SHADOW);
    Migration refused = fixture.awaitStatus("tea", m -> m.getStatus().step == Step.Blocked, Duration.ofSeconds(30));
    assertThat(refused.getStatus().phase).isEqualTo(Phase.NEW);
    assertThat(refused.getStatus().message).contains("new");
    assertThat(condition(refused, "Ready").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(fixture.flags()).containsEntry("DATABASE_BACKEND", "postgres-new").containsEntry("FF_PG_DUAL_WRITE", "false");
  }

  @Test
  void aHandEditedFlagIsPutBackWithAnEventAndForeignKeysSurvive() {
    fixture.apply(OperatorFixture.migration("tea", Phase.OLD));
    fixture.awaitStatus("tea", m -> m.getStatus().step == Step.Complete, Duration.ofSeconds(30));
    // As `kubectl edit` by someone on call: one of the operator's keys and one of the application's.
    fixture.cluster.client.configMaps().inNamespace(OperatorFixture.NAMESPACE).withName(OperatorFixture.CONFIG_MAP)
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"data\":{\"FF_PG_DUAL_WRITE\":\"true\",\"FEATURE_X\":\"on\"}}");

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> "false".equals(fixture.flags().get("FF_PG_DUAL_WRITE")));
    assertThat(fixture.flags()).containsEntry("LOG_LEVEL", "info").containsEntry("FEATURE_X", "on");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(fixture.events("tea")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("FlagsDrifted")));
  }

  @Test
  void aMissingSecretDegradesTheMigrationUntilItExists() {
    fixture.cluster.client.secrets().inNamespace(OperatorFixture.NAMESPACE).withName("pg").delete();
    fixture.apply(OperatorFixture.migration("tea", Phase.SHADOW));

    Migration degraded = fixture.awaitStatus("tea",
        m -> condition(m, "Degraded").map(c -> "True".equals(c.getStatus())).orElse(false), Duration.ofSeconds(30));
    assertThat(condition(degraded, "Degraded").orElseThrow().getMessage())
        .contains("pg").contains("spec.target.postgres.dsn");
    assertThat(fixture.player.jobs("backfill")).isEmpty();

    fixture.cluster.client.resource(new SecretBuilder().withNewMetadata().withName("pg")
        .withNamespace(OperatorFixture.NAMESPACE).endMetadata().addToStringData("dsn", "postgres://x@y/z").build()).create();
    Migration recovered = fixture.awaitStatus("tea", m -> m.getStatus().step == Step.Complete, Duration.ofSeconds(90));
    assertThat(condition(recovered, "Degraded").orElseThrow().getStatus()).isEqualTo("False");
  }
}
