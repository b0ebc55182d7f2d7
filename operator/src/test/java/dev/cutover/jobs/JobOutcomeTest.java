package dev.cutover.jobs;

import static dev.cutover.jobs.FakeJobController.backfillResult;
import static dev.cutover.jobs.FakeJobController.json;
import static dev.cutover.jobs.FakeJobController.verifyResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.api.BackfillStatus;
import dev.cutover.api.Migration;
import dev.cutover.api.RunState;
import dev.cutover.api.TableRows;
import dev.cutover.api.TableVerification;
import dev.cutover.api.VerificationStatus;
import dev.cutover.api.WorkerResult;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class JobOutcomeTest {
  private static int namespaces;
  static KubernetesClient client;
  WorkerJobs jobs;
  FakeJobController controller;
  Migration migration;

  @BeforeEach
  void setUp() {
    jobs = new WorkerJobs(client, new JobTemplate("ghcr.io/cutover/cutover:1.2.3"));
    controller = new FakeJobController(client);
    migration = TestMigrations.postgres("shop-" + (++namespaces), "teaelephant");
  }

  @Test
  void aJobWithoutConditionsAndActivePodsIsRunning() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    job = controller.status(job, 1, 0, 0, null, null, null);

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Running);
    assertThat(outcome.isRunning()).isTrue();
    assertThat(outcome.reason()).isNull();
    assertThat(outcome.finishedAt()).isNull();
    assertThat(outcome.startedAt()).isEqualTo(FakeJobController.STARTED);
    assertThat(outcome.attempt()).isEqualTo(1);
    assertThat(outcome.kind()).isEqualTo(RunKind.BACKFILL);
  }

  @Test
  void aCompleteBackfillSumsTheRowsItsPodReported() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 2));
    controller.terminatedPod(job, 0, 0, json(backfillResult(0, 1, "teas", 120_000, "Tea Leaves", 7)));
    job = controller.complete(job);

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Succeeded);
    assertThat(outcome.finishedAt()).isEqualTo(FakeJobController.FINISHED);
    assertThat(outcome.rows()).extracting(t -> t.name, t -> t.rows)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("teas", 120_000L), org.assertj.core.groups.Tuple.tuple("Tea Leaves", 7L));
    assertThat(outcome.message()).contains("120007 rows").contains("2 tables");
    assertThat(outcome.podsWithoutResult()).isEmpty();

    BackfillStatus status = new BackfillStatus();
    status.failureReason = "BackoffLimitExceeded: attempt 1";
    outcome.applyTo(status);
    assertThat(status.job).isEqualTo(job.getMetadata().getName());
    assertThat(status.attempt).isEqualTo(2);
    assertThat(status.state).isEqualTo(RunState.Succeeded);
    assertThat(status.failureReason).isNull();
    assertThat(status.startedAt).isEqualTo(FakeJobController.STARTED);
    assertThat(status.tables).extracting(t -> t.rows).containsExactly(120_000L, 7L);
  }

  @Test
  void aFailedJobReportsTheConditionReasonAndTheWorkersError() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    WorkerResult result = backfillResult(0, 1, "teas", 500);
    result.ok = false;
    result.exitCode = 3;
    result.error = "table teas: target store failed after 5 retries: connection refused";
    controller.terminatedPod(job, 0, 3, json(result));
    job = controller.fail(job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Failed);
    assertThat(outcome.reason()).isEqualTo("StoreFailed");
    assertThat(outcome.retryable()).isTrue();
    assertThat(outcome.message())
        .contains("BackoffLimitExceeded")
        .contains("Job has reached the specified backoff limit")
        .contains("exit 3")
        .contains("table teas: target store failed");
    assertThat(outcome.rows()).extracting(t -> t.rows).containsExactly(500L);

    BackfillStatus status = new BackfillStatus();
    outcome.applyTo(status);
    assertThat(status.state).isEqualTo(RunState.Failed);
    assertThat(status.failureReason).startsWith("StoreFailed: ").contains("target store failed");
  }

  @Test
  void aDeadlineExceededJobKeepsTheJobReason() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    job = controller.fail(job, "DeadlineExceeded", "Job was active longer than specified deadline");

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Failed);
    assertThat(outcome.reason()).isEqualTo("DeadlineExceeded");
    assertThat(outcome.retryable()).isTrue();
    assertThat(outcome.finishedAt()).isEqualTo(FakeJobController.FINISHED);
  }

  @Test
  void aWorkerRefusingItsConfigurationIsNotRetryable() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    WorkerResult result = new WorkerResult();
    result.command = "backfill";
    result.exitCode = 2;
    result.error = "table teas: column \"kind\" does not exist in the target; add it or remove it from spec.tables[0].columns";
    controller.terminatedPod(job, 0, 2, json(result));
    job = controller.fail(job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.reason()).isEqualTo("InvalidConfiguration");
    assertThat(outcome.retryable()).isFalse();
    assertThat(outcome.message()).contains("column \"kind\" does not exist");
  }

  @Test
  void anIndexedBackfillIsRunningUntilEveryIndexSucceededAndSumsAllPartitions() {
    migration.getSpec().backfill.parallelism = 3;
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    controller.terminatedPod(job, 0, 0, json(backfillResult(0, 3, "teas", 100, "Tea Leaves", 10)));
    controller.terminatedPod(job, 2, 0, json(backfillResult(2, 3, "teas", 300, "Tea Leaves", 30)));
    job = controller.status(job, 1, 2, 0, null, null, null);

    JobOutcome partial = jobs.outcome(job);
    assertThat(partial.state()).isEqualTo(RunState.Running);
    assertThat(partial.message()).contains("2 of 3");
    assertThat(partial.rows()).extracting(t -> t.rows).containsExactly(400L, 40L);

    controller.terminatedPod(job, 1, 0, json(backfillResult(1, 3, "teas", 200, "Tea Leaves", 20)));
    // The counts say done before the controller has written the Complete condition.
    job = controller.status(job, 0, 3, 0, null, null, null);
    JobOutcome done = jobs.outcome(job);
    assertThat(done.state()).isEqualTo(RunState.Succeeded);
    assertThat(done.rows()).extracting(t -> t.name, t -> t.rows).containsExactly(
        org.assertj.core.groups.Tuple.tuple("teas", 600L), org.assertj.core.groups.Tuple.tuple("Tea Leaves", 60L));
    assertThat(done.pods()).extracting(PodReport::index).containsExactly(0, 1, 2);
    assertThat(done.finishedAt()).isEqualTo(FakeJobController.FINISHED);
  }

  @Test
  void anIndexedBackfillWithOneFailedIndexFailsAndKeepsThePartialRows() {
    migration.getSpec().backfill.parallelism = 2;
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    controller.terminatedPod(job, 0, 0, json(backfillResult(0, 2, "teas", 100)));
    controller.pod(job, 1, 137, "OOMKilled", null);
    job = controller.status(job, 0, 1, 1, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Failed);
    assertThat(outcome.reason()).isEqualTo("OOMKilled");
    assertThat(outcome.message()).contains("index 1").contains("exit 137").contains("OOMKilled");
    assertThat(outcome.rows()).extracting(t -> t.rows).containsExactly(100L);
    assertThat(outcome.podsWithoutResult()).singleElement().asString().contains("no termination message");
  }

  @Test
  void onlyTheLastPodOfEachIndexCounts() {
    migration.getSpec().backfill.parallelism = 2;
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    controller.pod(job, 0, 143, "Error", json(backfillResult(0, 2, "teas", 40)));  // evicted, replaced
    controller.terminatedPod(job, 0, 0, json(backfillResult(0, 2, "teas", 100)));
    controller.terminatedPod(job, 1, 0, json(backfillResult(1, 2, "teas", 200)));
    job = controller.complete(job);

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Succeeded);
    assertThat(outcome.rows()).extracting(t -> t.rows).containsExactly(300L);
    assertThat(outcome.pods()).hasSize(2);
  }

  @Test
  void podsOfAnotherJobAreIgnored() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    Job other = jobs.ensure(WorkerAttempt.backfill(migration, 2));
    controller.terminatedPod(job, 0, 0, json(backfillResult(0, 1, "teas", 100)));
    controller.terminatedPod(other, 0, 0, json(backfillResult(0, 1, "teas", 999)));
    job = controller.complete(job);

    assertThat(jobs.pods(job)).hasSize(1);
    assertThat(jobs.outcome(job).rows()).extracting(t -> t.rows).containsExactly(100L);

    // A pod left by an earlier Job of the same name is controlled by that Job's uid: not ours.
    var stray = jobs.pods(other).get(0);
    stray.getMetadata().getLabels().put(JobLabels.POD_JOB_NAME, job.getMetadata().getName());
    var pods = new java.util.ArrayList<>(jobs.pods(job));
    pods.add(stray);
    assertThat(JobOutcome.read(job, pods).rows()).extracting(t -> t.rows).containsExactly(100L);
  }

  @Test
  void aPodWithAGarbageMessageIsReportedWithoutEchoingItAndWithoutFailingTheRun() {
    migration.getSpec().backfill.parallelism = 2;
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    controller.terminatedPod(job, 0, 0, json(backfillResult(0, 2, "teas", 100)));
    controller.terminatedPod(job, 1, 0, "connecting to postgres://app:hunter2@db:5432/shop ... {not json");
    job = controller.complete(job);

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Succeeded);
    assertThat(outcome.rows()).extracting(t -> t.rows).containsExactly(100L);
    assertThat(outcome.podsWithoutResult()).singleElement().asString()
        .contains(outcome.pods().get(1).pod()).contains("not a JSON WorkerResult");
    assertThat(outcome.message()).contains("1 pods left no readable result").doesNotContain("hunter2");
    assertThat(outcome.podsWithoutResult().toString()).doesNotContain("hunter2");
  }

  @Test
  void aVerificationThatPassedAggregatesCountsAndOpensTheGate() {
    Job job = jobs.ensure(WorkerAttempt.verify(migration, 1));
    controller.terminatedPod(job, 0, 0, json(verifyResult(true, "teas", 1000, 0, 0)));
    job = controller.complete(job);

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Succeeded);
    assertThat(outcome.passed()).isTrue();
    VerificationStatus status = new VerificationStatus();
    outcome.applyTo(status);
    assertThat(status.passed).isTrue();
    assertThat(status.mismatches).isZero();
    assertThat(status.finishedAt).isEqualTo(FakeJobController.FINISHED);
    assertThat(status.tables).singleElement().satisfies(t -> {
      assertThat(t.sourceRows).isEqualTo(1000);
      assertThat(t.targetRows).isEqualTo(1000);
    });
  }

  @Test
  void aVerificationThatFoundMismatchesFinishedButDidNotPass() {
    Job job = jobs.ensure(WorkerAttempt.verify(migration, 1));
    // The worker exits 1 on mismatches, so the Job controller marks the Job Failed.
    controller.terminatedPod(job, 0, 1, json(verifyResult(false, "teas", 1000, 3, 2, "id=7", "id=9")));
    job = controller.fail(job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Succeeded);
    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.reason()).isEqualTo("MismatchesFound");
    assertThat(outcome.mismatches()).isEqualTo(5);
    assertThat(outcome.message()).contains("teas: 5 rows").contains("3 missing in target").contains("2 different");
    List<TableVerification> tables = outcome.verification();
    assertThat(tables).singleElement().satisfies(t -> {
      assertThat(t.missingInTarget).isEqualTo(3);
      assertThat(t.different).isEqualTo(2);
      assertThat(t.mismatches).isEqualTo(5);
      assertThat(t.sampleKeys).containsExactly("id=7", "id=9");
    });
  }

  @Test
  void sampleKeysStayBoundedAndCountsSumAcrossPods() {
    String[] keys = IntStream.range(0, 8).mapToObj(i -> "id=" + i).toArray(String[]::new);
    String[] moreKeys = IntStream.range(5, 20).mapToObj(i -> "id=" + i).toArray(String[]::new);
    WorkerResult first = verifyResult(false, "teas", 10, 8, 0, keys);
    WorkerResult second = verifyResult(false, "teas", 10, 15, 0, moreKeys);
    first.tables.get(0).sampleKeys = new java.util.ArrayList<>(first.tables.get(0).sampleKeys);
    first.tables.get(0).sampleKeys.add("k".repeat(1000));
    List<PodReport> reports = List.of(
        new PodReport("a", 0, true, 1, "Error", null, null, null, first, null),
        new PodReport("b", 1, true, 1, "Error", null, null, null, second, null));

    assertThat(TableTotals.verification(reports)).singleElement().satisfies(t -> {
      assertThat(t.missingInTarget).isEqualTo(23);
      assertThat(t.mismatches).isEqualTo(23);
      assertThat(t.sourceRows).isEqualTo(20);
      assertThat(t.sampleKeys).hasSize(TableTotals.MAX_SAMPLE_KEYS).doesNotHaveDuplicates().startsWith("id=0");
      assertThat(t.sampleKeys).allSatisfy(k -> assertThat(k).hasSizeLessThanOrEqualTo(StatusText.MAX_KEY));
    });
  }

  @Test
  void aResultLongerThanATerminationMessageCanHoldIsNotTrusted() {
    WorkerResult result = backfillResult(0, 1, "teas", 1);
    assertThat(PodResults.parse(json(result))).isNotNull();
    result.error = "x".repeat(PodResults.MAX_MESSAGE);
    assertThat(PodResults.parse(json(result))).isNull();
    assertThat(PodResults.parse("[1, 2]")).isNull();
    assertThat(PodResults.parse("{\"tables\": 5")).isNull();
  }

  @Test
  void aVerificationWithoutAReadableResultProvesNothing() {
    Job job = jobs.ensure(WorkerAttempt.verify(migration, 1));
    controller.terminatedPod(job, 0, 0, "");
    job = controller.complete(job);

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Failed);
    assertThat(outcome.reason()).isEqualTo("NoResult");
    assertThat(outcome.retryable()).isTrue();
    assertThat(outcome.passed()).isNull();
  }

  @Test
  void aCustomTemplateJobNeedsNoJsonResult() {
    migration.getSpec().backfill.template = new PodTemplateSpecBuilder()
        .withNewSpec().addNewContainer().withName("copier").withImage("registry.example/copier:7").endContainer().endSpec()
        .build();
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    controller.terminatedPod(job, 0, 0, null);
    job = controller.complete(job);

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.customTemplate()).isTrue();
    assertThat(outcome.state()).isEqualTo(RunState.Succeeded);
    assertThat(outcome.rows()).isEmpty();
    assertThat(outcome.message()).isEqualTo("Job " + job.getMetadata().getName() + " completed");
  }

  @Test
  void aPodThatCannotStartIsNamedWhileTheJobRuns() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    controller.waitingPod(job, 0, "CreateContainerConfigError", "secret \"old-db\" not found");
    job = controller.status(job, 1, 0, 0, null, null, null);

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.state()).isEqualTo(RunState.Running);
    assertThat(outcome.reason()).isEqualTo("CreateContainerConfigError");
    assertThat(outcome.message()).contains("cannot start").contains("secret \"old-db\" not found");
  }

  @Test
  void aJobThatIsNotAWorkerJobIsRefused() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    job.getMetadata().getLabels().remove(dev.cutover.api.CutoverConstants.LABEL_RUN);
    Job unlabelled = job;
    assertThatThrownBy(() -> JobOutcome.read(unlabelled, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(job.getMetadata().getName()).hasMessageContaining("cutover.dev/run");
  }

  @Test
  void messagesAreBoundedAndSingleLine() {
    Job job = jobs.ensure(WorkerAttempt.backfill(migration, 1));
    WorkerResult result = backfillResult(0, 1, "teas", 1);
    result.exitCode = 3;
    result.error = "line one\nline two " + "x".repeat(3000);  // the whole result stays under 4 KiB
    controller.terminatedPod(job, 0, 3, json(result));
    job = controller.fail(job, "BackoffLimitExceeded", "y".repeat(5000));

    JobOutcome outcome = jobs.outcome(job);
    assertThat(outcome.message()).hasSizeLessThanOrEqualTo(StatusText.MAX_MESSAGE).doesNotContain("\n")
        .contains("line one line two");
    List<TableRows> rows = outcome.rows();
    assertThat(rows).hasSize(1);
  }
}
